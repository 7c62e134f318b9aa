using System.Text.Json;
using FunAsr.AsrService.Decoding;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Tests.Engine;

/// <summary>
/// The engine against PyTorch on random-weight models of each family (models/testing/make_random_models.py):
/// logits within <see cref="Tolerance"/>, greedy ids and text exactly, single and batched with mixed lengths.
/// </summary>
public sealed class ParityTests
{
    /// <summary>fp32 ONNX Runtime against fp32 PyTorch; observed worst case 1.2e-5 on logits of magnitude ~10.</summary>
    private const float Tolerance = 1e-4f;

    [Theory]
    [InlineData("sensevoice-funasr", ModelFamily.SenseVoiceFunAsr)]
    [InlineData("sensevoice-sherpa", ModelFamily.SenseVoiceSherpa)]
    [InlineData("nano-ctc", ModelFamily.FunAsrNanoCtc)]
    public void Logits_ids_and_text_match_pytorch_single_and_batched(string family, ModelFamily expected)
    {
        var folder = Path.Combine(RepositoryPaths.RandomModels, family);
        using var model = SpeechModelLoader.Load(folder, new InferenceOptions { IntraOpThreads = 1 }, NullLogger.Instance);
        var reference = Reference.Load(folder);
        var acoustic = new AcousticModel(model);
        var decoder = new TranscriptDecoder(model.Definition, model.Tokens);
        var inputs = reference.Cases.Select(c => new AcousticInput(c.Features, c.Frames, c.Language, c.TextNorm)).ToList();

        var singles = inputs.Select(input => acoustic.Run([input], CancellationToken.None).Single()).ToList();
        var batched = acoustic.Run(inputs, CancellationToken.None);

        Assert.Equal(expected, model.Definition.Family);
        Assert.Equal(reference.Blank, model.Definition.BlankId);
        Assert.Equal(reference.PrefixFrames, model.Definition.PrefixFrames);
        for (var i = 0; i < reference.Cases.Count; i++)
        {
            var expectedCase = reference.Cases[i];
            foreach (var output in new[] { singles[i], batched[i] })
            {
                Assert.Equal(expectedCase.LogitFrames, output.Frames);
                Assert.Equal(expectedCase.Vocabulary, output.Vocabulary);
                var worst = MaxAbsDiff(expectedCase.Logits, output.Logits!);
                Assert.True(worst <= Tolerance, $"{family} case {i}: max |Δlogit| {worst:E2} > {Tolerance:E0}");
                Assert.Equal(expectedCase.ArgMax, CtcGreedySearch.ArgMax(output.Logits, output.Frames, output.Vocabulary));
                var decoded = decoder.Decode(output);
                Assert.Equal(expectedCase.Ids, decoded.TokenIds);
                // Upstream's byte decoding shows bytes that spell no character as U+FFFD; this engine drops them (TranscriptDecoder).
                Assert.Equal(expectedCase.Text.Replace("\uFFFD", "", StringComparison.Ordinal), decoded.Text);
            }
        }
    }

    [Fact]
    public void Sherpa_metadata_gives_the_language_and_itn_ids_and_the_cmvn()
    {
        using var model = SpeechModelLoader.Load(Path.Combine(RepositoryPaths.RandomModels, "sensevoice-sherpa"),
            new InferenceOptions { IntraOpThreads = 1 }, NullLogger.Instance);

        var definition = model.Definition;
        Assert.Equal(3, definition.LanguageIds["zh"]);
        Assert.Equal(13, definition.LanguageIds["nospeech"]);
        Assert.Equal(14, definition.WithItnId);
        Assert.Equal(15, definition.WithoutItnId);
        Assert.Equal(560, model.Cmvn!.Dimension);
        Assert.True(definition.ScaleToInt16);
    }

    [Fact]
    public void Nano_ctc_uses_base64_tokens_blank_last_no_cmvn_and_snipped_edges()
    {
        using var model = SpeechModelLoader.Load(Path.Combine(RepositoryPaths.RandomModels, "nano-ctc"),
            new InferenceOptions { IntraOpThreads = 1 }, NullLogger.Instance);

        var definition = model.Definition;
        Assert.Equal(model.Tokens.Count - 1, definition.BlankId);
        Assert.Null(model.Cmvn);
        // sherpa-onnx runs this export through its SenseVoice front end, snip_edges=true.
        Assert.True(definition.SnipEdges);
        Assert.Equal(1, definition.MaxBatch);
        Assert.Equal(" the"u8.ToArray(), model.Tokens.BytesOf(model.Tokens.Find(Convert.ToBase64String(" the"u8))!.Value).ToArray());
    }

    private static float MaxAbsDiff(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        return worst;
    }

    private sealed record Case(float[] Features, int Frames, int Language, int TextNorm, float[] Logits, int LogitFrames, int Vocabulary, int[] ArgMax, int[] Ids, string Text);

    private sealed record Reference(int PrefixFrames, int Blank, IReadOnlyList<Case> Cases)
    {
        public static Reference Load(string folder)
        {
            var directory = Path.Combine(folder, "reference");
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "cases.json")));
            var root = json.RootElement;
            var cases = root.GetProperty("cases").EnumerateArray().Select(c => new Case(
                ReadFloats(Path.Combine(directory, c.GetProperty("features").GetString()!)),
                c.GetProperty("frames").GetInt32(),
                c.GetProperty("language").GetInt32(),
                c.GetProperty("textnorm").GetInt32(),
                ReadFloats(Path.Combine(directory, c.GetProperty("logits").GetString()!)),
                c.GetProperty("logitFrames").GetInt32(),
                c.GetProperty("vocabulary").GetInt32(),
                [.. c.GetProperty("argmax").EnumerateArray().Select(e => e.GetInt32())],
                [.. c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())],
                c.GetProperty("text").GetString()!)).ToList();
            return new Reference(root.GetProperty("prefixFrames").GetInt32(), root.GetProperty("blank").GetInt32(), cases);
        }

        private static float[] ReadFloats(string path)
        {
            var bytes = File.ReadAllBytes(path);
            var floats = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
            return floats;
        }
    }
}
