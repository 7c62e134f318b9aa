using FunAsr.AsrService.Api;
using FunAsr.AsrService.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunAsr.Tests.AsrApi;

/// <summary>The shared job-audio folder stays bounded: finished jobs' recordings are evicted or expire, unfinished ones never.</summary>
public sealed class JobAudioStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("funasr-jobstore-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HashSet<string> _finished = [];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private JobAudioStore Store() => new(Options.Create(new JobOptions
    {
        StoragePath = _folder,
        MaxStoredBytes = 1024 * 1024,
        RecordingRetention = TimeSpan.FromHours(1),
    }), _time, NullLogger<JobAudioStore>.Instance);

    private Task<bool> IsFinished(string id) => Task.FromResult(_finished.Contains(id));

    [Fact]
    public async Task Finished_recordings_are_evicted_to_make_room_and_unfinished_ones_fill_it_up_to_a_503()
    {
        var store = Store();
        var audio = new byte[400_000];
        await store.SaveAsync("a", audio, IsFinished, CancellationToken.None);
        await store.SaveAsync("b", audio, IsFinished, CancellationToken.None);
        _finished.Add("a");

        await store.SaveAsync("c", audio, IsFinished, CancellationToken.None);
        Assert.False(store.Exists("a"));
        Assert.True(store.Exists("b") && store.Exists("c"));

        var full = await Assert.ThrowsAsync<ApiError>(() => store.SaveAsync("d", audio, IsFinished, CancellationToken.None));
        Assert.Equal(503, full.Status);
        Assert.Contains("Job storage is full", full.Message);
        Assert.False(store.Exists("d"));
        Assert.Empty(Directory.GetFiles(_folder, "*.partial"));

        var tooBig = await Assert.ThrowsAsync<ApiError>(() => store.SaveAsync("e", new byte[2 * 1024 * 1024], IsFinished, CancellationToken.None));
        Assert.Equal(413, tooBig.Status);
    }

    [Fact]
    public async Task The_sweep_removes_recordings_past_retention_after_their_job_ended_and_nothing_else()
    {
        var store = Store();
        await store.SaveAsync("done", new byte[10], IsFinished, CancellationToken.None);
        await store.SaveAsync("running", new byte[10], IsFinished, CancellationToken.None);
        _finished.Add("done");
        store.MarkFinished("done");
        File.WriteAllBytes(Path.Combine(_folder, "crashed.partial"), new byte[10]);

        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await store.SweepAsync(IsFinished, CancellationToken.None));
        Assert.True(store.Exists("done"));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, await store.SweepAsync(IsFinished, CancellationToken.None));
        Assert.False(store.Exists("done"));
        Assert.True(store.Exists("running"));
        Assert.False(File.Exists(Path.Combine(_folder, "crashed.partial")));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Ids_that_are_not_plain_tokens_never_name_a_path(string id) =>
        Assert.Equal(404, Assert.Throws<ApiError>(() => Store().PathOf(id)).Status);
}
