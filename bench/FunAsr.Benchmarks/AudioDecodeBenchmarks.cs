using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FunAsr.AsrService.Audio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Benchmarks;

/// <summary>
/// Audio input cost on 60 s of a 44.1 kHz stereo recording: the in-process resampler alone, the PCM WAV fast path,
/// and ffmpeg through pipes for mp3 and m4a (media made by the ffmpeg CLI in setup).
/// </summary>
[MemoryDiagnoser]
[AudioSeconds(Seconds)]
public class AudioDecodeBenchmarks
{
    private const int Seconds = 60;
    private IAudioDecoder _decoder = null!;
    private SincResampler _resampler44 = null!;
    private SincResampler _resampler48 = null!;
    private float[] _mono44 = [];
    private float[] _mono48 = [];
    private byte[] _wav = [];
    private byte[] _mp3 = [];
    private byte[] _m4a = [];

    [GlobalSetup]
    public void Setup()
    {
        _decoder = new ServiceCollection().AddLogging()
            .AddAudioDecoding(new ConfigurationBuilder().Build())
            .BuildServiceProvider().GetRequiredService<IAudioDecoder>();
        _resampler44 = new SincResampler(44_100, 16_000);
        _resampler48 = new SincResampler(48_000, 16_000);
        _mono44 = Enumerable.Range(0, 44_100 * Seconds).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / 44_100.0))).ToArray();
        _mono48 = Enumerable.Range(0, 48_000 * Seconds).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / 48_000.0))).ToArray();
        var source = $"sine=frequency=440:duration={Seconds}:sample_rate=44100";
        _wav = Ffmpeg(source, ".wav", "-ac", "2", "-c:a", "pcm_s16le");
        _mp3 = Ffmpeg(source, ".mp3", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k");
        // Index last, as phone recorders write it: the decoder moves it to the front in memory.
        _m4a = Ffmpeg(source, ".m4a", "-ac", "2", "-c:a", "aac", "-b:a", "128k");
    }

    [Benchmark(Description = "resample 44.1k->16k (sinc)")]
    public float[] Resample44() => _resampler44.Process(_mono44);

    [Benchmark(Description = "resample 44.1k->16k streaming, 64 K pieces")]
    public float[] Resample44Streaming()
    {
        var output = new float[_resampler44.OutputLength(_mono44.Length)];
        var streaming = new StreamingResampler(_resampler44);
        var written = 0;
        for (var at = 0; at < _mono44.Length; at += 1 << 16)
        {
            streaming.Append(_mono44.AsSpan(at, Math.Min(1 << 16, _mono44.Length - at)));
            written += streaming.Drain(output.AsSpan(written), endOfInput: false);
        }

        streaming.Drain(output.AsSpan(written), endOfInput: true);
        return output;
    }

    [Benchmark(Description = "resample 48k->16k (sinc)")]
    public float[] Resample48() => _resampler48.Process(_mono48);

    [Benchmark(Description = "WAV fast path, s16 stereo 44.1k")]
    public Task<DecodedAudio> Wav() => _decoder.DecodeAsync(new MemoryStream(_wav), CancellationToken.None);

    [Benchmark(Description = "ffmpeg pipes, mp3 stereo 44.1k")]
    public Task<DecodedAudio> Mp3() => _decoder.DecodeAsync(new MemoryStream(_mp3), CancellationToken.None);

    [Benchmark(Description = "ffmpeg pipes, m4a stereo 44.1k")]
    public Task<DecodedAudio> M4a() => _decoder.DecodeAsync(new MemoryStream(_m4a), CancellationToken.None);

    private static byte[] Ffmpeg(string source, string extension, params string[] output)
    {
        var path = Path.Combine(Path.GetTempPath(), $"funasr-bench-{Guid.NewGuid():N}{extension}");
        try
        {
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
            foreach (var argument in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", source, .. output, path])
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {error}");
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
