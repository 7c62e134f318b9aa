using System.Text.Json;
using FunAsr.AsrService.Nano;

namespace FunAsr.Tests.Nano;

/// <summary>The C# decoder on ONNX Runtime against the ids PyTorch's greedy loop produced (make_tiny_nano.py).</summary>
public sealed class NanoDecoderParityTests : IClassFixture<NanoModelsFixture>
{
    private readonly NanoModelsFixture _models;

    public NanoDecoderParityTests(NanoModelsFixture models) => _models = models;

    public static TheoryData<string, string, bool> Cases()
    {
        using var doc = NanoFixtures.ReadJson("expected.json");
        var data = new TheoryData<string, string, bool>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!, c.GetProperty("io_dtype").GetString()!, c.GetProperty("repetition_guard").GetBoolean());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy_ids_match_pytorch(string name, string ioDtype, bool guard)
    {
        using var doc = NanoFixtures.ReadJson("expected.json");
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e =>
            e.GetProperty("name").GetString() == name && e.GetProperty("io_dtype").GetString() == ioDtype
            && e.GetProperty("repetition_guard").GetBoolean() == guard);
        var model = _models.Get(ioDtype);
        var frames = c.GetProperty("frames").GetInt32();
        var features = NanoFixtures.ReadFeatures(c.GetProperty("features").GetString()!);
        var settings = new NanoDecodeSettings(
            [.. c.GetProperty("hotwords").EnumerateArray().Select(h => h.GetString()!)],
            c.GetProperty("language").ValueKind == JsonValueKind.Null ? null : c.GetProperty("language").GetString(),
            c.GetProperty("itn").GetBoolean(),
            c.GetProperty("max_new_tokens").GetInt32(),
            guard);

        var result = new NanoLlmDecoder(model).Decode(features, frames, settings, CancellationToken.None);

        int[] expectedIds = [.. c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())];
        Assert.Equal(expectedIds, result.TokenIds);
        Assert.Equal(c.GetProperty("prompt_ids").GetArrayLength(), result.PromptTokens);
        Assert.Equal(NanoPrompt.FakeTokenLength(frames), result.AudioTokens);
        var expectedStop = c.GetProperty("stop").GetString() switch
        {
            "im_end" => NanoStopReason.EndOfTurn,
            "repetition" => NanoStopReason.Repetition,
            "max_new_tokens" => NanoStopReason.MaxNewTokens,
            var s => throw new InvalidOperationException(s),
        };
        Assert.Equal(expectedStop, result.StopReason);
        Assert.Equal(c.GetProperty("text").GetString(), model.Tokenizer.Decode(result.TokenIds, keepSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prompt_ids_match_the_reference_chat_template(string name, string ioDtype, bool guard)
    {
        using var doc = NanoFixtures.ReadJson("expected.json");
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e =>
            e.GetProperty("name").GetString() == name && e.GetProperty("io_dtype").GetString() == ioDtype
            && e.GetProperty("repetition_guard").GetBoolean() == guard);
        var tokenizer = _models.Get(ioDtype).Tokenizer;
        var (before, after) = NanoPrompt.ChatTemplate(
            [.. c.GetProperty("hotwords").EnumerateArray().Select(h => h.GetString()!)],
            c.GetProperty("language").ValueKind == JsonValueKind.Null ? null : c.GetProperty("language").GetString(),
            c.GetProperty("itn").GetBoolean());
        var audio = NanoPrompt.FakeTokenLength(c.GetProperty("frames").GetInt32());

        int[] expected = [.. c.GetProperty("prompt_ids").EnumerateArray().Select(i => i.GetInt32())];
        int[] actual = [.. tokenizer.Encode(before), .. Enumerable.Repeat(-1, audio), .. tokenizer.Encode(after)];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_prompt_longer_than_max_total_len_is_refused_with_the_counts()
    {
        const int frames = 2400; // 300 audio tokens + the text cannot fit the tiny set's max_total_len of 320
        var features = new float[frames * 560];
        var settings = new NanoDecodeSettings([], null, true, 10, true);
        var e = Assert.Throws<ArgumentException>(() => new NanoLlmDecoder(_models.Get("fp32")).Decode(features, frames, settings, CancellationToken.None));
        Assert.Contains("300 audio", e.Message);
        Assert.Contains("max_total_len is 320", e.Message);
    }

    [Fact]
    public void Cancellation_stops_between_steps()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var features = NanoFixtures.ReadFeatures("plain.f32");
        var settings = new NanoDecodeSettings([], null, true, 50, true);
        Assert.ThrowsAny<OperationCanceledException>(() => new NanoLlmDecoder(_models.Get("fp32")).Decode(features, 41, settings, cts.Token));
    }
}

public sealed class NanoModelsFixture : IDisposable
{
    private readonly Lazy<NanoLlmModel> _fp32 = new(() => NanoLlmModel.Load(NanoFixtures.Fp32Folder, new NanoLlmOptions { IntraOpThreads = 1 }));
    private readonly Lazy<NanoLlmModel> _fp16 = new(() => NanoLlmModel.Load(NanoFixtures.Fp16Folder, new NanoLlmOptions { IntraOpThreads = 1 }));

    public NanoLlmModel Get(string ioDtype) => ioDtype == "fp16" ? _fp16.Value : _fp32.Value;

    public void Dispose()
    {
        if (_fp32.IsValueCreated)
        {
            _fp32.Value.Dispose();
        }

        if (_fp16.IsValueCreated)
        {
            _fp16.Value.Dispose();
        }
    }
}
