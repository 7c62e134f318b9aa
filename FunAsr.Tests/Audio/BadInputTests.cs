using FunAsr.AsrService.Audio;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.Audio;

/// <summary>Every kind of bad input ends in its typed error with a reason, never a crash or a leftover pipe file.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TestMedia _media = new();
    private readonly IAudioDecoder _decoder = AudioTestSupport.CreateDecoder();

    private async Task<AudioDecodeException> RefusedAsync(IAudioDecoder decoder, byte[] bytes, AudioDecodeFailure expected)
    {
        var pipesBefore = AudioTestSupport.PipeFiles();
        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => decoder.DecodeAsync(bytes));
        Assert.Equal(expected, error.Failure);
        Assert.DoesNotContain("CoreFxPipe", error.Message);
        await AudioTestSupport.AssertNoPipeFilesLeftAsync(pipesBefore);
        return error;
    }

    [Fact]
    public async Task Zero_bytes_are_empty()
    {
        var error = await RefusedAsync(_decoder, [], AudioDecodeFailure.Empty);

        Assert.Contains("zero bytes", error.Message);
    }

    [Fact]
    public async Task Random_bytes_are_undecodable_with_ffmpegs_reason()
    {
        var noise = new byte[50_000];
        new Random(7).NextBytes(noise);

        var error = await RefusedAsync(_decoder, noise, AudioDecodeFailure.Undecodable);

        Assert.Contains("Invalid data found when processing input", error.Message);
        Assert.Equal("input: Invalid data found when processing input", error.DecoderMessage);
    }

    [Fact]
    public async Task Text_is_undecodable()
    {
        var error = await RefusedAsync(_decoder, "this is not audio at all\n"u8.ToArray(), AudioDecodeFailure.Undecodable);

        Assert.Contains("ffmpeg:", error.Message);
    }

    [Fact]
    public async Task A_truncated_mp3_is_undecodable_and_says_how_much_is_missing()
    {
        var whole = _media.Tone("long.mp3", 440, 3.0);

        var error = await RefusedAsync(_decoder, whole[..(whole.Length / 2)], AudioDecodeFailure.Undecodable);

        Assert.Contains("truncated", error.Message);
        Assert.Contains($"declares {whole.Length - Id3Length(whole)} bytes", error.Message);
    }

    [Fact]
    public async Task An_mp3_cut_inside_its_first_frame_is_undecodable()
    {
        var whole = _media.Tone("short.mp3", 440, 1.0);

        var error = await RefusedAsync(_decoder, whole[..300], AudioDecodeFailure.Undecodable);

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task A_video_without_sound_has_no_audio_stream()
    {
        var video = _media.Ffmpeg("-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=10", "-c:v", "libx264", "mute.mp4");

        var error = await RefusedAsync(_decoder, video, AudioDecodeFailure.NoAudioStream);

        Assert.Contains("mov,mp4", error.Message);
        Assert.Contains("does not contain any stream", error.Message);
    }

    [Fact]
    public async Task A_picture_has_no_audio_stream()
    {
        var png = _media.Ffmpeg("-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1", "picture.png");

        await RefusedAsync(_decoder, png, AudioDecodeFailure.NoAudioStream);
    }

    [Fact]
    public async Task Audio_longer_than_the_limit_is_refused_for_both_decoders()
    {
        var limited = AudioTestSupport.CreateDecoder(maxDurationSeconds: 1.0);
        var wav = _media.Tone("long.wav", 440, 3.0, 16_000, 1, "-c:a", "pcm_s16le");
        var ogg = _media.Tone("long.ogg", 440, 3.0, 48_000, 1, "-c:a", "libopus");

        var wavError = await RefusedAsync(limited, wav, AudioDecodeFailure.TooLong);
        var oggError = await RefusedAsync(limited, ogg, AudioDecodeFailure.TooLong);

        Assert.Contains("MaxDurationSeconds", wavError.Message);
        Assert.Contains("MaxDurationSeconds", oggError.Message);
        Assert.Equal(1.0, (await limited.DecodeAsync(_media.Tone("short.ogg", 440, 0.9, 48_000, 1, "-c:a", "libopus"))).Duration.TotalSeconds, 0.1);
    }

    [Fact]
    public async Task Missing_ffmpeg_says_how_to_install_it_while_wav_still_works()
    {
        var options = Options.Create(new AudioOptions { FfmpegPath = "/nonexistent/ffmpeg" });
        var decoder = new AudioDecoder(options, AudioTestSupport.CreateAdmission(), new AudioDecodeTelemetry(new TestMeterFactory()),
            TimeProvider.System, NullLogger<AudioDecoder>.Instance);

        var error = await RefusedAsync(decoder, _media.Tone("needs-ffmpeg.mp3", 440, 0.5), AudioDecodeFailure.DecoderUnavailable);
        var wav = await decoder.DecodeAsync(WavFastPathTests.Wav16(16_000, 1, new short[1600]));

        Assert.Contains("apt-get install ffmpeg", error.Message);
        Assert.Equal(1600, wav.Samples.Length);
    }

    [Fact]
    public async Task Cancellation_stops_decoding()
    {
        var bytes = _media.Tone("cancel.flac", 440, 5.0);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _decoder.DecodeAsync(new MemoryStream(bytes), cancelled.Token));
    }

    private static int Id3Length(byte[] mp3) =>
        mp3[0] == 'I' && mp3[1] == 'D' && mp3[2] == '3' ? 10 + (mp3[6] << 21 | mp3[7] << 14 | mp3[8] << 7 | mp3[9]) : 0;

    public void Dispose() => _media.Dispose();
}

internal sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
{
    private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

    public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
    {
        var meter = new System.Diagnostics.Metrics.Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
