using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Transcription;
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

    private Task Save(JobAudioStore store, string id, byte[] audio) =>
        store.SaveAsync(id, new MemoryStream(audio), audio.Length, IsFinished, CancellationToken.None);

    [Fact]
    public async Task Finished_recordings_are_evicted_to_make_room_and_unfinished_ones_fill_it_up_to_a_503()
    {
        var store = Store();
        var audio = new byte[400_000];
        await Save(store, "a", audio);
        await Save(store, "b", audio);
        _finished.Add("a");

        await Save(store, "c", audio);
        Assert.False(store.Exists("a"));
        Assert.True(store.Exists("b") && store.Exists("c"));

        var full = await Assert.ThrowsAsync<AsrException>(() => Save(store, "d", audio));
        Assert.Equal(AsrFailure.Unavailable, full.Failure);
        Assert.NotNull(full.RetryAfter);
        Assert.Contains("Job storage is full", full.Message);
        Assert.False(store.Exists("d"));
        Assert.Empty(Directory.GetFiles(_folder, "*.partial"));

        var tooBig = await Assert.ThrowsAsync<AsrException>(() => Save(store, "e", new byte[2 * 1024 * 1024]));
        Assert.Equal(AsrFailure.TooLarge, tooBig.Failure);
    }

    [Fact]
    public async Task The_sweep_removes_recordings_past_retention_after_their_job_ended_and_nothing_else()
    {
        var store = Store();
        await Save(store, "done", new byte[10]);
        await Save(store, "running", new byte[10]);
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
        Assert.Equal(AsrFailure.NotFound, Assert.Throws<AsrException>(() => Store().PathOf(id)).Failure);
}
