using System.Text.Json;
using FunAsr.AsrService.Decoding;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Nano;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Tests.Models;

/// <summary>
/// Every CTC replica (make_replicas.py) loads as its archive unpacks, lands in its family, and gives the greedy ids
/// PyTorch computed for the same features; tags are read by position.
/// </summary>
public sealed class ReplicaLoadingTests
{
    private static string Folder(string replica) => Path.Combine(RepositoryPaths.Root, "models", "testing", "replicas", replica);

    [Theory]
    [InlineData("sensevoice-small-funasr-int8", ModelFamily.SenseVoiceFunAsr, "model_quant.onnx", "tokens.json")]
    [InlineData("sensevoice-small-hf-export", ModelFamily.SenseVoiceFunAsr, "model.onnx", "chn_jpn_yue_eng_ko_spectok.bpe.model")]
    [InlineData("sherpa-sensevoice-2024-07-17", ModelFamily.SenseVoiceSherpa, "model.onnx", "tokens.txt")]
    [InlineData("sherpa-sensevoice-int8-2024-07-17", ModelFamily.SenseVoiceSherpa, "model.int8.onnx", "tokens.txt")]
    [InlineData("sherpa-sense-voice-funasr-nano-2025-12-17", ModelFamily.FunAsrNanoCtc, "model.onnx", "tokens.txt")]
    [InlineData("sherpa-sense-voice-funasr-nano-int8-2025-12-17", ModelFamily.FunAsrNanoCtc, "model.int8.onnx", "tokens.txt")]
    public void Loads_in_its_family_and_matches_pytorch_ids(string replica, ModelFamily family, string onnx, string tokens)
    {
        using var model = SpeechModelLoader.Load(Folder(replica), new InferenceOptions { IntraOpThreads = 1 }, NullLogger.Instance);
        using var doc = NanoFixtures.ReadReference(replica);
        var reference = doc.RootElement;

        Assert.Equal(family, model.Definition.Family);
        Assert.Equal(onnx, Path.GetFileName(model.Definition.OnnxPath));
        Assert.Equal(tokens, Path.GetFileName(model.Definition.TokensPath));
        Assert.Equal(reference.GetProperty("blank").GetInt32(), model.Definition.BlankId);
        Assert.Equal(reference.GetProperty("prefixFrames").GetInt32(), model.Definition.PrefixFrames);
        Assert.True(model.Definition.SnipEdges, "every published family runs Kaldi fbank with snip_edges=true");
        var acoustic = new AcousticModel(model);
        var decoder = new TranscriptDecoder(model.Definition, model.Tokens);
        foreach (var c in reference.GetProperty("cases").EnumerateArray())
        {
            var frames = c.GetProperty("frames").GetInt32();
            var input = new AcousticInput(ReplicaFeatures.Of(frames, c.GetProperty("seed").GetDouble()), frames,
                c.GetProperty("language").GetInt32(), c.GetProperty("textnorm").GetInt32());
            var output = acoustic.Run([input], CancellationToken.None).Single();
            var utterance = decoder.Decode(output);

            int[] argmax = [.. c.GetProperty("argmax").EnumerateArray().Select(i => i.GetInt32())];
            Assert.Equal(argmax, Enumerable.Range(0, output.Frames).Select(f => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(output.Frame(f))));
            Assert.Equal(c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()), utterance.TokenIds);
        }
    }

    [Fact]
    public void The_sentencepiece_model_gives_the_same_table_as_tokens_json()
    {
        var fromJson = TokenTable.LoadJson(Path.Combine(Folder("sensevoice-small-funasr-int8"), "tokens.json"));
        var fromBpe = TokenTable.LoadSentencePiece(Path.Combine(Folder("sensevoice-small-hf-export"), "chn_jpn_yue_eng_ko_spectok.bpe.model"));

        Assert.Equal(fromJson.Count, fromBpe.Count);
        Assert.All(Enumerable.Range(0, fromJson.Count), i => Assert.Equal(fromJson[i], fromBpe[i]));
    }

    [Fact]
    public void Nano_ctc_tokens_txt_lines_holding_only_an_id_are_empty_pieces()
    {
        var table = TokenTable.LoadText(Path.Combine(Folder("sherpa-sense-voice-funasr-nano-2025-12-17"), "tokens.txt"), base64: true);

        Assert.Equal(string.Empty, table[0]);
        Assert.True(table.BytesOf(0).IsEmpty);
        Assert.Equal(" the", System.Text.Encoding.UTF8.GetString(table.BytesOf(1)));
    }

    [Theory]
    [InlineData(new[] { "<|zh|>", "<|NEUTRAL|>", "<|Speech|>", "<|withitn|>" }, "zh", "NEUTRAL", "Speech", true)]
    [InlineData(new[] { "<|en|>", "<|HAPPY|>", "<|Sing|>", "<|woitn|>" }, "en", "HAPPY", "Sing", false)]
    [InlineData(new[] { "<|yue|>", "<|EMO_UNKNOWN|>", "<|Speech_Noise|>", "<|woitn|>" }, "yue", "EMO_UNKNOWN", "Speech_Noise", false)]
    [InlineData(new[] { "<|nospeech|>", "<|EMO_UNKNOWN|>", "<|GBG|>", "<|woitn|>" }, "nospeech", "EMO_UNKNOWN", "GBG", false)]
    public void Sensevoice_tags_are_classified_by_position(string[] pieces, string language, string emotion, string audioEvent, bool itn)
    {
        var tags = SenseVoiceTags.Parse(pieces);

        Assert.Equal((language, emotion, audioEvent, itn), (tags.Language, tags.Emotion, tags.Event, tags.Itn!.Value));
        Assert.Equal(string.Concat(pieces), tags.Prefix);
    }

    [Fact]
    public void The_manifest_names_a_replica_for_every_download_and_its_languages()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "models", "manifest.json")));
        // The speech and VAD downloads the ASR engine loads; the diarization entries have their own doubles (docs/diarization.md).
        string[] diarization = ["pyannote-segmentation", "speaker-embedding"];
        foreach (var entry in manifest.RootElement.GetProperty("models").EnumerateArray()
                     .Where(e => !diarization.Contains(e.GetProperty("family").GetString())))
        {
            var name = entry.GetProperty("name").GetString();
            var replica = Path.Combine(RepositoryPaths.Root, entry.GetProperty("replica").GetString()!);
            Assert.True(Directory.Exists(replica), $"{name}: no replica at {replica}");
            foreach (var content in entry.GetProperty("contents").EnumerateArray().Select(c => c.GetString()!))
            {
                // The Silero replica is the bundled file under its npm name; the fetched one is saved as silero_vad.onnx.
                var path = Path.Combine(replica, content.TrimEnd('/'));
                Assert.True(content.EndsWith('/') ? Directory.Exists(path) : File.Exists(path) || name == "silero-vad-v5", $"{name}: replica lacks {content}");
            }

            if (entry.GetProperty("family").GetString() is not ("fsmn-vad" or "silero-vad"))
            {
                Assert.True(entry.GetProperty("languages").GetArrayLength() > 0, $"{name} lists no languages");
            }
        }
    }
}
