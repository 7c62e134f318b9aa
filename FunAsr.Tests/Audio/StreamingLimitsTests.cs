using System.Diagnostics;
using FunAsr.AsrService.Audio;

namespace FunAsr.Tests.Audio;

/// <summary>The decoder stops ffmpeg on cancellation and at the duration limit, even on an input that never ends.</summary>
public sealed class StreamingLimitsTests : IDisposable
{
    private readonly TestMedia _media = new();

    [Fact]
    public async Task An_endless_stream_is_cut_at_the_duration_limit()
    {
        var decoder = AudioTestSupport.CreateDecoder(maxDurationSeconds: 5);
        var pipesBefore = AudioTestSupport.PipeFiles();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() =>
            decoder.DecodeAsync(new EndlessStream(_media.Tone("loop.mp3", 440, 1.0)), CancellationToken.None));

        Assert.Equal(AudioDecodeFailure.TooLong, error.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        await AudioTestSupport.AssertNoPipeFilesLeftAsync(pipesBefore);
    }

    [Fact]
    public async Task Cancelling_an_endless_stream_stops_decoding()
    {
        var decoder = AudioTestSupport.CreateDecoder();
        var pipesBefore = AudioTestSupport.PipeFiles();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            decoder.DecodeAsync(new EndlessStream(_media.Tone("loop.flac", 440, 1.0)), cancel.Token));

        await AudioTestSupport.AssertNoPipeFilesLeftAsync(pipesBefore);
    }

    [Fact]
    public async Task Concurrent_decodes_do_not_mix_their_samples()
    {
        var decoder = AudioTestSupport.CreateDecoder();
        double[] frequencies = [300, 700, 1100, 1900];
        var inputs = frequencies.Select((f, i) => _media.Tone($"tone{i}.ogg", f, 1.0, 48_000, 2, "-c:a", "libopus")).ToArray();

        var decoded = await Task.WhenAll(inputs.Select(bytes => decoder.DecodeAsync(bytes)));

        for (var i = 0; i < frequencies.Length; i++)
            Assert.True(SignalAnalysis.EnergyShareAt(decoded[i].Samples, frequencies[i]) > 0.95, $"decode {i} should hold {frequencies[i]} Hz");
    }

    [Theory]
    [InlineData("broken.mp3")]
    [InlineData("broken.wav")]
    public async Task A_broken_upload_surfaces_as_its_own_error_not_as_bad_audio(string file)
    {
        var decoder = AudioTestSupport.CreateDecoder();
        var bytes = _media.Tone(file, 440, 5.0, 44_100, 2, file.EndsWith(".wav") ? ["-c:a", "pcm_s16le"] : []);
        var pipesBefore = AudioTestSupport.PipeFiles();

        var error = await Assert.ThrowsAsync<IOException>(() => decoder.DecodeAsync(new BreakingStream(bytes, bytes.Length / 3), CancellationToken.None));

        Assert.Equal("connection reset by test", error.Message);
        await AudioTestSupport.AssertNoPipeFilesLeftAsync(pipesBefore);
    }

    public void Dispose() => _media.Dispose();

    /// <summary>Serves the first bytes of a file, then fails like a dropped upload.</summary>
    private sealed class BreakingStream(byte[] data, int breakAt) : ForwardOnlyReadStream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= breakAt) throw new IOException("connection reset by test");
            var take = Math.Min(count, breakAt - _position);
            data.AsSpan(_position, take).CopyTo(buffer.AsSpan(offset));
            _position += take;
            return take;
        }
    }

    /// <summary>Repeats one media file forever (mp3 and flac decoders resynchronise on the next copy).</summary>
    private sealed class EndlessStream(byte[] loop) : ForwardOnlyReadStream
    {
        private long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var start = (int)(_position % loop.Length);
            var take = Math.Min(count, loop.Length - start);
            loop.AsSpan(start, take).CopyTo(buffer.AsSpan(offset));
            _position += take;
            return take;
        }
    }
}
