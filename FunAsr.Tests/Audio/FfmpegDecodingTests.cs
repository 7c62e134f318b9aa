using FunAsr.AsrService.Audio;

namespace FunAsr.Tests.Audio;

public sealed class FfmpegDecodingTests : IDisposable
{
    private readonly TestMedia _media = new();
    private readonly IAudioDecoder _decoder = AudioTestSupport.CreateDecoder();

    public static TheoryData<string, string[], string, string, double> Formats => new()
    {
        { "tone.mp3", [], "mp3", "mp3", 0.030 },
        { "tone.m4a", ["-c:a", "aac"], "mov,mp4,m4a", "aac", 0.030 },
        { "tone.flac", [], "flac", "flac", 0.030 },
        { "tone.opus.ogg", ["-c:a", "libopus"], "ogg", "opus", 0.030 },
        { "tone.vorbis.ogg", ["-c:a", "libvorbis"], "ogg", "vorbis", 0.030 },
        { "tone.webm", ["-c:a", "libopus"], "matroska,webm", "opus", 0.030 },
        // Raw ADTS has no edit list, so the encoder's 1024-sample priming and final padding stay in (32 ms at 48 kHz).
        { "tone.aac", ["-c:a", "aac"], "aac", "aac", 0.040 },
        { "tone.mulaw.wav", ["-c:a", "pcm_mulaw"], "wav", "pcm_mulaw", 0.030 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Decodes_each_format_to_16k_mono_with_the_tone_and_duration_kept(string file, string[] codec, string format, string codecName, double durationTolerance)
    {
        const double frequency = 1000, seconds = 1.5;
        var bytes = _media.Tone(file, frequency, seconds, sampleRate: 48_000, channels: 2, codec);
        var pipesBefore = AudioTestSupport.PipeFiles();

        var audio = await _decoder.DecodeAsync(bytes);

        Assert.Equal(AudioDecoderKind.Ffmpeg, audio.DecodedBy);
        Assert.Equal(seconds, audio.Duration.TotalSeconds, durationTolerance);
        Assert.StartsWith(format, audio.SourceFormat);
        Assert.Equal(codecName, audio.SourceCodec);
        Assert.Equal(48_000, audio.SourceSampleRate);
        Assert.Equal(2, audio.SourceChannels);
        Assert.Equal(bytes.Length, audio.SourceBytes);
        Assert.True(SignalAnalysis.EnergyShareAt(audio.Samples, frequency) > 0.95, "energy should sit at the tone");
        Assert.True(SignalAnalysis.EnergyShareAt(audio.Samples, 1_500) < 0.01, "no energy away from the tone");
        // Stereo copies of one tone average to the tone itself (0.5 peak), not ffmpeg's +3 dB default down-mix.
        Assert.Equal(0.5 / Math.Sqrt(2), SignalAnalysis.Rms(audio.Samples), 0.03);
        await AudioTestSupport.AssertNoPipeFilesLeftAsync(pipesBefore);
    }

    [Fact]
    public async Task Takes_the_audio_track_of_a_video()
    {
        var bytes = _media.Ffmpeg(
            "-f", "lavfi", "-i", "testsrc=duration=8:size=64x48:rate=10",
            "-f", "lavfi", "-i", "sine=frequency=700:duration=8:sample_rate=44100",
            "-c:v", "libx264", "-c:a", "aac", "-shortest", "clip.mp4");

        var audio = await _decoder.DecodeAsync(bytes);

        Assert.StartsWith("mov,mp4", audio.SourceFormat);
        Assert.Equal("aac", audio.SourceCodec);
        Assert.Equal(44_100, audio.SourceSampleRate);
        Assert.Equal(8.0, audio.Duration.TotalSeconds, 0.030);
        Assert.True(SignalAnalysis.EnergyShareAt(audio.Samples, 700) > 0.95);
    }

    [Theory]
    [InlineData("index-last.m4a", new string[0])]
    [InlineData("index-first.m4a", new[] { "-movflags", "+faststart" })]
    [InlineData("index-last.mov", new string[0])]
    public async Task Decodes_mp4_family_files_whichever_end_their_index_is_at(string file, string[] flags)
    {
        // Long enough that the media data cannot sit in ffmpeg's read buffer while it looks for the index.
        var bytes = _media.Tone(file, 880, 20.0, 44_100, 1, ["-c:a", "aac", .. flags]);
        var moov = bytes.AsSpan().IndexOf("moov"u8);
        var mdat = bytes.AsSpan().IndexOf("mdat"u8);
        Assert.Equal(file.Contains("last"), moov > mdat);

        var audio = await _decoder.DecodeAsync(bytes);

        Assert.Equal(20.0, audio.Duration.TotalSeconds, 0.030);
        Assert.Equal(bytes.Length, audio.SourceBytes);
        Assert.True(SignalAnalysis.EnergyShareAt(audio.Samples, 880) > 0.95);
    }

    [Fact]
    public async Task Pure_silence_decodes_to_zeros_without_nan()
    {
        var bytes = _media.Ffmpeg("-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "1", "silence.flac");

        var audio = await _decoder.DecodeAsync(bytes);

        Assert.Equal(1.0, audio.Duration.TotalSeconds, 0.030);
        Assert.Equal(0f, audio.Peak);
        Assert.All(audio.Samples, s => Assert.Equal(0f, s));
    }

    [Fact]
    public async Task A_complete_mp3_with_an_info_header_is_not_mistaken_for_a_truncated_one()
    {
        var bytes = _media.Tone("whole.mp3", 440, 2.0);

        var audio = await _decoder.DecodeAsync(bytes);

        Assert.Equal(2.0, audio.Duration.TotalSeconds, 0.030);
    }

    public void Dispose() => _media.Dispose();
}
