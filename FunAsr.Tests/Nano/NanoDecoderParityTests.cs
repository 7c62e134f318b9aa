using System.Text.Json;
using FunAsr.AsrService.Nano;

namespace FunAsr.Tests.Nano;

/// <summary>
/// The C# decoder on ONNX Runtime against the ids PyTorch's greedy loop produced on every Nano LLM replica
/// (make_replicas.py): the sherpa-onnx KV-delta int8/fp16/fp32 archives and the ManySpeech growing-cache packages.
/// </summary>
public sealed class NanoDecoderParityTests : IClassFixture<NanoModelsFixture>
{
    private readonly NanoModelsFixture _models;

    public NanoDecoderParityTests(NanoModelsFixture models) => _models = models;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var replica in NanoFixtures.All)
        {
            using var doc = NanoFixtures.ReadReference(replica);
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                data.Add(replica, c.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy_ids_match_pytorch(string replica, string name)
    {
        using var doc = NanoFixtures.ReadReference(replica);
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var model = _models.Get(replica);
        var frames = c.GetProperty("frames").GetInt32();
        var features = ReplicaFeatures.Of(frames, c.GetProperty("seed").GetDouble());
        var settings = new NanoDecodeSettings(
            [.. c.GetProperty("hotwords").EnumerateArray().Select(h => h.GetString()!)],
            c.GetProperty("language").ValueKind == JsonValueKind.Null ? null : c.GetProperty("language").GetString(),
            c.GetProperty("itn").GetBoolean(),
            c.GetProperty("max_new_tokens").GetInt32(),
            c.GetProperty("repetition_guard").GetBoolean());

        var result = new NanoLlmDecoder(model).Decode(features, frames, settings, CancellationToken.None);

        int[] expectedIds = [.. c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())];
        Assert.Equal(expectedIds, result.TokenIds);
        Assert.Equal(c.GetProperty("prompt_tokens").GetInt32(), result.PromptTokens);
        Assert.Equal(c.GetProperty("audio_tokens").GetInt32(), result.AudioTokens);
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
    [InlineData(NanoFixtures.SherpaInt8, "float32", 320)]
    [InlineData(NanoFixtures.SherpaFp16, "float16", 320)]
    [InlineData(NanoFixtures.SherpaFp32, "float32", 320)]
    [InlineData(NanoFixtures.ManySpeechMlt, "float32", 1024)]
    [InlineData(NanoFixtures.ManySpeechNano, "float32", 1024)]
    public void Cache_type_and_length_come_from_the_graph_not_io_dtype(string replica, string cacheType, int positions)
    {
        var model = _models.Get(replica);
        Assert.Equal(cacheType, model.CacheType);
        Assert.Equal(positions, model.MaxTotalLength);
        using var doc = NanoFixtures.ReadReference(replica);
        Assert.Equal(doc.RootElement.GetProperty("cache_type").GetString(), model.CacheType);
    }

    [Fact]
    public void A_prompt_longer_than_max_total_len_is_refused_with_the_counts()
    {
        const int frames = 2400; // 300 audio tokens + the text cannot fit the replica's max_total_len of 320
        var features = new float[frames * 560];
        var settings = new NanoDecodeSettings([], null, true, 10, true);
        var e = Assert.Throws<ArgumentException>(() => new NanoLlmDecoder(_models.Get(NanoFixtures.SherpaFp32)).Decode(features, frames, settings, CancellationToken.None));
        Assert.Contains("300 audio", e.Message);
        Assert.Contains("the model holds 320", e.Message);
    }

    [Fact]
    public void Cancellation_stops_between_steps()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var features = ReplicaFeatures.Of(41, 0.25);
        var settings = new NanoDecodeSettings([], null, true, 50, true);
        Assert.ThrowsAny<OperationCanceledException>(() => new NanoLlmDecoder(_models.Get(NanoFixtures.SherpaFp32)).Decode(features, 41, settings, cts.Token));
    }
}

public sealed class NanoModelsFixture : IDisposable
{
    private readonly Dictionary<string, Lazy<NanoLlmModel>> _models = NanoFixtures.All.ToDictionary(
        name => name, name => new Lazy<NanoLlmModel>(() => NanoLlmModel.Load(NanoFixtures.Folder(name), new NanoLlmOptions { IntraOpThreads = 1 })));

    public NanoLlmModel Get(string replica) => _models[replica].Value;

    public void Dispose()
    {
        foreach (var model in _models.Values.Where(m => m.IsValueCreated))
        {
            model.Value.Dispose();
        }
    }
}
