using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Audio;
using FunAsr.Tests.Fuzzing;

namespace FunAsr.Tests.Audio;

/// <summary>
/// Decoding holds whatever the input: the duration limit is met from the container's header before samples pile up,
/// or as they stream; what is kept is charged to a lease; hostile container layouts are refused, not walked.
/// </summary>
public sealed class BoundedDecodeTests : IDisposable
{
    private const long MB = 1024 * 1024;
    private readonly TestMedia _media = new();

    private static readonly AudioDecodeLimits SyncLimits = new()
    {
        MaxDurationSeconds = 1800,
        MaxDurationSetting = "Asr:Api:MaxSyncDurationSeconds",
        TooLongHint = "Use POST /api/asr/jobs for longer recordings.",
    };

    /// <summary>Decodes as a stream, counting what reached the handler, and returns the refusal.</summary>
    private static async Task<(AudioDecodeException Error, long Delivered)> RefusedWhileStreamingAsync(
        IAudioDecoder decoder, Stream input, AudioDecodeLimits limits)
    {
        long delivered = 0;
        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => decoder.DecodeStreamAsync(input, (chunk, _) =>
        {
            delivered += chunk.Length;
            return ValueTask.CompletedTask;
        }, limits, CancellationToken.None));
        return (error, delivered);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_issues_mp4_with_200000_nested_trak_boxes_is_refused_instead_of_overflowing_the_stack(bool seekable)
    {
        var crafted = IsoBoxes.NestedTrakMp4(200_000);
        Assert.Equal(1_600_104, crafted.Length);
        var decoder = AudioTestSupport.CreateDecoder();

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() =>
            decoder.DecodeAsync(seekable ? new MemoryStream(crafted) : new TrickleStream(crafted, 64 * 1024), CancellationToken.None));

        Assert.Equal(AudioDecodeFailure.Undecodable, error.Failure);
        Assert.Contains("nests its boxes more than 16 levels deep", error.Message);
    }

    [Fact]
    public async Task The_issues_wav_of_3_9_hours_at_1_khz_is_refused_from_its_header_before_a_sample_is_read()
    {
        var bomb = CraftedWav.EightBitKilohertzSilence();

        var (error, delivered) = await RefusedWhileStreamingAsync(AudioTestSupport.CreateDecoder(14_400), new MemoryStream(bomb), SyncLimits);

        Assert.Equal(AudioDecodeFailure.TooLong, error.Failure);
        Assert.Equal(0, delivered);
        Assert.Contains("declared by its header as 14000 s long; the limit is 1800 s (Asr:Api:MaxSyncDurationSeconds)", error.Message);
        Assert.EndsWith("Use POST /api/asr/jobs for longer recordings.", error.Message);
    }

    [Fact]
    public async Task A_flac_declaring_more_than_the_limit_is_refused_from_its_header_not_decoded_to_the_limit()
    {
        var flac = _media.Ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "600", "-c:a", "flac", "ten-minutes.flac");
        var limits = new AudioDecodeLimits { MaxDurationSeconds = 120, MaxDurationSetting = "test limit" };

        var (error, delivered) = await RefusedWhileStreamingAsync(AudioTestSupport.CreateDecoder(), new MemoryStream(flac), limits);

        Assert.Equal(AudioDecodeFailure.TooLong, error.Failure);
        Assert.Contains("declared by its container as 600 s long; the limit is 120 s (test limit)", error.Message);
        Assert.True(delivered < 120 * DecodedAudio.SampleRate, $"{delivered} samples were decoded before the refusal");
    }

    [Fact]
    public async Task A_wav_that_declares_no_length_is_cut_at_the_limit_having_delivered_no_more()
    {
        var data = new byte[16_000 * 2 * 4];
        var wav = CraftedWav.Pcm(16_000, 1, 16, uint.MaxValue, data);
        var limits = new AudioDecodeLimits { MaxDurationSeconds = 2.5 };

        var (error, delivered) = await RefusedWhileStreamingAsync(AudioTestSupport.CreateDecoder(), new MemoryStream(wav), limits);

        Assert.Equal(AudioDecodeFailure.TooLong, error.Failure);
        Assert.Contains("at least", error.Message);
        Assert.InRange(delivered, 2 * 16_000, 2.5 * 16_000);
    }

    [Fact]
    public async Task An_ogg_which_cannot_declare_its_length_on_a_pipe_is_cut_at_the_limit()
    {
        var ogg = _media.Tone("ten.ogg", 440, 10, 48_000, 1, "-c:a", "libopus");
        var limits = new AudioDecodeLimits { MaxDurationSeconds = 3 };

        var (error, delivered) = await RefusedWhileStreamingAsync(AudioTestSupport.CreateDecoder(), new MemoryStream(ogg), limits);

        Assert.Equal(AudioDecodeFailure.TooLong, error.Failure);
        Assert.InRange(delivered, 2 * 16_000, 3 * 16_000);
    }

    [Theory]
    [InlineData("tone.wav", "pcm_s16le")]
    [InlineData("tone.mp3", "libmp3lame")]
    [InlineData("tone.m4a", "aac")]
    public async Task Streamed_chunks_are_exactly_the_samples_a_whole_decode_returns(string file, string codec)
    {
        var bytes = _media.Tone(file, 440, 7.3, 44_100, 2, "-c:a", codec);
        var decoder = AudioTestSupport.CreateDecoder();
        var whole = await decoder.DecodeAsync(new MemoryStream(bytes), CancellationToken.None);
        var streamed = new List<float>();
        var largest = 0;

        var summary = await decoder.DecodeStreamAsync(new TrickleStream(bytes), (chunk, _) =>
        {
            largest = Math.Max(largest, chunk.Length);
            streamed.AddRange(chunk.Span);
            return ValueTask.CompletedTask;
        }, AudioDecodeLimits.None, CancellationToken.None);

        Assert.Equal(whole.Samples, streamed.ToArray());
        Assert.Equal(whole.Samples.Length, summary.SampleCount);
        Assert.Equal(whole.Peak, summary.Peak);
        Assert.InRange(largest, 1, AudioDecoder.MaxChunkSamples);
    }

    [Fact]
    public async Task The_samples_kept_are_charged_to_the_callers_lease_and_a_refusal_gives_the_charge_back()
    {
        var admission = AudioTestSupport.CreateAdmission();
        var decoder = AudioTestSupport.CreateDecoder(admission: admission);
        var tenSeconds = _media.Tone("ten.flac", 440, 10, 16_000, 1);

        using (var lease = await admission.Memory.AcquireAsync(0, CancellationToken.None))
        {
            var audio = await decoder.DecodeAsync(new MemoryStream(tenSeconds), new AudioDecodeLimits { Memory = lease }, CancellationToken.None);
            var bytes = audio.Samples.Length * sizeof(float);
            Assert.InRange(lease.Amount, bytes, bytes + MB);
            Assert.Equal(lease.Amount, admission.Memory.InUse);

            await Assert.ThrowsAsync<AudioDecodeException>(() => decoder.DecodeAsync(new MemoryStream(tenSeconds),
                new AudioDecodeLimits { Memory = lease, MaxDurationSeconds = 5 }, CancellationToken.None));
            Assert.InRange(lease.Amount, bytes, bytes + MB);
        }

        Assert.Equal(0, admission.Memory.InUse);
    }

    [Fact]
    public async Task Audio_that_needs_more_than_the_replicas_whole_budget_is_refused_by_admission()
    {
        var admission = AudioTestSupport.CreateAdmission(o => o.MemoryBudgetMegabytes = 16);
        var decoder = AudioTestSupport.CreateDecoder(admission: admission);
        var fiveMinutes = _media.Ffmpeg("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "300", "-c:a", "flac", "five.flac");

        var error = await Assert.ThrowsAsync<AdmissionRejectedException>(() => decoder.DecodeAsync(new MemoryStream(fiveMinutes), CancellationToken.None));

        Assert.Null(error.RetryAfter);
        Assert.Equal(0, admission.Memory.InUse);
        Assert.Equal(0, admission.Decodes.InUse);
    }

    [Fact]
    public async Task An_mp4_with_its_index_last_decodes_the_same_from_memory_and_from_a_pipe()
    {
        var m4a = _media.Tone("index-last.m4a", 660, 2.0, 44_100, 1, "-c:a", "aac");
        Assert.True(IndexComesLast(m4a), "ffmpeg writes the index after the media unless asked for faststart");
        var decoder = AudioTestSupport.CreateDecoder();

        var fromMemory = await decoder.DecodeAsync(new MemoryStream(m4a), CancellationToken.None);
        var fromPipe = await decoder.DecodeAsync(new TrickleStream(m4a), CancellationToken.None);

        Assert.Equal(fromMemory.Samples, fromPipe.Samples);
        Assert.Equal(2.0, fromMemory.Duration.TotalSeconds, 0.05);
        Assert.True(SignalAnalysis.EnergyShareAt(fromMemory.Samples, 660) > 0.95);
    }

    [Fact]
    public async Task A_wav_at_a_rate_whose_weight_table_would_be_huge_is_resampled_by_ffmpeg()
    {
        Assert.False(SincResampler.IsPractical(96_001, 16_000));
        var tone = _media.Tone("odd.wav", 440, 1.0, 96_001, 1, "-c:a", "pcm_s16le");

        var audio = await AudioTestSupport.CreateDecoder().DecodeAsync(tone);

        Assert.Equal(AudioDecoderKind.Ffmpeg, audio.DecodedBy);
        Assert.Equal(1.0, audio.Duration.TotalSeconds, 0.03);
    }

    private static bool IndexComesLast(byte[] mp4)
    {
        var top = IsoBoxes.Headers(mp4).Where(h => h.Depth == 0).Select(h => h.Type).ToList();
        return top.IndexOf("moov") > top.IndexOf("mdat");
    }

    public void Dispose() => _media.Dispose();
}
