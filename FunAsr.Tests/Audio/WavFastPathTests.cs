using System.Buffers.Binary;
using FunAsr.AsrService.Audio;

namespace FunAsr.Tests.Audio;

public sealed class WavFastPathTests : IDisposable
{
    private readonly TestMedia _media = new();
    private readonly IAudioDecoder _decoder = AudioTestSupport.CreateDecoder();

    public static TheoryData<int, int, string, string> Layouts => new()
    {
        { 8_000, 2, "pcm_s16le", "pcm_s16le" },
        { 16_000, 1, "pcm_s16le", "pcm_s16le" },
        { 48_000, 1, "pcm_s24le", "pcm_s24le" },
        { 48_000, 2, "pcm_s24le", "pcm_s24le" },
        { 44_100, 1, "pcm_f32le", "pcm_f32le" },
        { 44_100, 2, "pcm_f32le", "pcm_f32le" },
        { 22_050, 1, "pcm_u8", "pcm_u8" },
        { 32_000, 2, "pcm_s32le", "pcm_s32le" },
        { 96_000, 1, "pcm_f64le", "pcm_f64le" },
        { 11_025, 1, "pcm_s16le", "pcm_s16le" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Reads_pcm_wav_without_ffmpeg_keeping_tone_and_duration(int rate, int channels, string codec, string expectedCodec)
    {
        const double frequency = 1_000, seconds = 1.25;
        var bytes = _media.Tone($"tone_{rate}_{channels}_{codec}.wav", frequency, seconds, rate, channels, "-c:a", codec);
        var pipesBefore = AudioTestSupport.PipeFiles();

        var audio = await _decoder.DecodeAsync(bytes);

        Assert.Equal(AudioDecoderKind.WavFastPath, audio.DecodedBy);
        Assert.Equal("wav", audio.SourceFormat);
        Assert.Equal(expectedCodec, audio.SourceCodec);
        Assert.Equal(rate, audio.SourceSampleRate);
        Assert.Equal(channels, audio.SourceChannels);
        Assert.Equal(seconds, audio.Duration.TotalSeconds, 0.030);
        Assert.True(SignalAnalysis.EnergyShareAt(audio.Samples, frequency) > 0.98, "energy should sit at the tone");
        Assert.True(SignalAnalysis.EnergyShareAt(audio.Samples, 2_500) < 0.001, "no energy away from the tone");
        Assert.Equal(0.5 / Math.Sqrt(2), SignalAnalysis.Rms(audio.Samples), 0.01);
        await AudioTestSupport.AssertNoPipeFilesLeftAsync(pipesBefore);
    }

    [Fact]
    public async Task The_fast_path_and_ffmpeg_agree_on_a_16k_file()
    {
        var wav = _media.Tone("same.wav", 440, 1.0, 16_000, 1, "-c:a", "pcm_s16le");
        var flac = _media.Tone("same.flac", 440, 1.0, 16_000, 1);

        var fromWav = await _decoder.DecodeAsync(wav);
        var fromFlac = await _decoder.DecodeAsync(flac);

        Assert.Equal(AudioDecoderKind.Ffmpeg, fromFlac.DecodedBy);
        Assert.Equal(fromFlac.Samples.Length, fromWav.Samples.Length);
        for (var i = 0; i < fromWav.Samples.Length; i++) Assert.Equal(fromFlac.Samples[i], fromWav.Samples[i], 1e-6f);
    }

    [Theory]
    [InlineData(16_000)]
    [InlineData(44_100)]
    public async Task A_one_sample_file_gives_one_sample(int rate)
    {
        var audio = await _decoder.DecodeAsync(Wav16(rate, 1, [16_384]));

        Assert.Single(audio.Samples);
        Assert.Equal(AudioDecoderKind.WavFastPath, audio.DecodedBy);
        if (rate == 16_000) Assert.Equal(0.5f, audio.Samples[0]);
    }

    [Fact]
    public async Task Pure_silence_gives_zeros_without_nan()
    {
        var audio = await _decoder.DecodeAsync(Wav16(48_000, 2, new short[48_000 * 2]));

        Assert.Equal(16_000, audio.Samples.Length);
        Assert.Equal(0f, audio.Peak);
        Assert.All(audio.Samples, s => Assert.Equal(0f, s));
    }

    [Fact]
    public async Task A_pipe_written_header_with_unknown_sizes_is_read_to_the_end()
    {
        var bytes = Wav16(16_000, 1, Enumerable.Repeat((short)1000, 8_000).ToArray());
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), uint.MaxValue);

        var audio = await _decoder.DecodeAsync(bytes);

        Assert.Equal(8_000, audio.Samples.Length);
    }

    [Fact]
    public async Task A_header_without_samples_is_empty()
    {
        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => _decoder.DecodeAsync(Wav16(16_000, 1, [])));

        Assert.Equal(AudioDecodeFailure.Empty, error.Failure);
    }

    [Fact]
    public async Task A_float_wav_holding_nan_is_refused()
    {
        var bytes = _media.Tone("nan.wav", 440, 0.1, 16_000, 1, "-c:a", "pcm_f32le");
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 8), float.NaN);

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => _decoder.DecodeAsync(bytes));

        Assert.Equal(AudioDecodeFailure.Undecodable, error.Failure);
        Assert.Contains("NaN", error.Message);
    }

    /// <summary>A canonical 44-byte-header 16-bit PCM WAV.</summary>
    internal static byte[] Wav16(int rate, int channels, short[] interleaved)
    {
        var data = interleaved.Length * 2;
        var bytes = new byte[44 + data];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + data);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], rate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], data);
        for (var i = 0; i < interleaved.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(s[(44 + 2 * i)..], interleaved[i]);
        return bytes;
    }

    public void Dispose() => _media.Dispose();
}
