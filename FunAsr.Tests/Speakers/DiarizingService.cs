using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Diarization;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Speakers;

/// <summary>
/// One ASR service that diarizes with the known-answer test doubles (models/testing/diarization), on a real
/// redis-server for voiceprints, named voices and jobs; shared by a test class.
/// </summary>
public sealed class DiarizingService : IAsyncLifetime
{
    private readonly string _storage = Directory.CreateTempSubdirectory("funasr-speakers-test-").FullName;

    public RedisServer Redis { get; private set; } = null!;

    public AsrServiceHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public static Dictionary<string, string?> Settings(string? redis, string storage) => new()
    {
        ["Asr:Diarization:SegmentationModelPath"] = DiarizationFixtures.Segmentation,
        ["Asr:Diarization:EmbeddingModelPath"] = DiarizationFixtures.Embedding("3d-speaker"),
        ["ConnectionStrings:cache"] = redis,
        ["Asr:Jobs:StoragePath"] = storage,
        ["Asr:Jobs:PollInterval"] = "00:00:00.050",
    };

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Host = new AsrServiceHost(Settings(Redis.ConnectionString, _storage));
        Client = await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Redis.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }
}
