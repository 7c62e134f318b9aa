using System.Buffers.Binary;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Recognition;

namespace FunAsr.Tests.AsrApi.Fakes;

/// <summary>
/// A stand-in engine for API-layer tests that need behaviour the real engine cannot be made to show on demand
/// (a model that fails to load, a worker that dies mid-job). Each tone burst becomes the word "w{frequency/100}".
/// </summary>
public sealed class ToneRecognizer : ISpeechRecognizer
{
    private int _calls;

    public ModelDescriptor Model { get; } = new("fake-tones", "fake", ["zh", "en"], false, "/fake");

    public int Calls => Volatile.Read(ref _calls);

    public Func<CancellationToken, Task>? BeforeEach { get; set; }

    public async Task<RecognitionResult> RecognizeAsync(AudioClip audio, RecognitionOptions options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (BeforeEach is { } hook)
        {
            await hook(cancellationToken);
        }
        var segments = new List<RecognizedSegment>();
        foreach (var (start, end) in Bursts(audio.Samples))
        {
            var crossings = 0;
            for (var i = start + 1; i < end; i++)
            {
                if (audio.Samples[i - 1] < 0 != audio.Samples[i] < 0)
                {
                    crossings++;
                }
            }
            var seconds = (end - start) / (double)audio.SampleRate;
            var word = $"w{(int)Math.Round(crossings / 2.0 / seconds / 100)}";
            double s = start / (double)audio.SampleRate, e = end / (double)audio.SampleRate;
            var language = options.Language == "auto" ? "en" : options.Language;
            segments.Add(new RecognizedSegment(s, e, word, $"<|{language}|><|NEUTRAL|><|Speech|>{word}", language, "NEUTRAL", "Speech",
                [new RecognizedToken("\u2581" + word, s, e)]));
        }
        var text = string.Join(' ', segments.Select(x => x.Text));
        return new RecognitionResult(text, string.Join(' ', segments.Select(x => x.RichText)), segments.FirstOrDefault()?.Language ?? "en",
            "NEUTRAL", "Speech", segments, audio.Duration.TotalSeconds, StageTimings.Zero);
    }

    private static IEnumerable<(int Start, int End)> Bursts(float[] samples)
    {
        const int window = 160;
        int? start = null;
        var quiet = 0;
        for (var i = 0; i + window <= samples.Length; i += window)
        {
            var loud = false;
            for (var j = i; j < i + window; j++)
            {
                loud |= Math.Abs(samples[j]) > 0.05f;
            }
            if (loud)
            {
                start ??= i;
                quiet = 0;
            }
            else if (start is { } s && ++quiet >= 20)
            {
                yield return (s, i - (quiet - 1) * window);
                start = null;
            }
        }
        if (start is { } last)
        {
            yield return (last, samples.Length - quiet * window);
        }
    }

    public static float[] Tones(params (double Hz, double Seconds)[] parts)
    {
        var samples = new List<float>();
        foreach (var (hz, seconds) in parts)
        {
            var n = (int)(seconds * 16_000);
            for (var i = 0; i < n; i++)
            {
                samples.Add(hz == 0 ? 0 : 0.5f * MathF.Sin(2 * MathF.PI * (float)hz * i / 16_000));
            }
        }
        return [.. samples];
    }
}

/// <summary>Decodes 16-bit PCM WAV only; everything else fails the way the ffmpeg decoder reports it.</summary>
public sealed class WavOnlyDecoder : IAudioDecoder
{
    public async Task<DecodedAudio> DecodeAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            throw new AudioDecodeException(AudioDecodeFailure.Empty, "The upload is empty (0 bytes).");
        }
        if (bytes.Length < 44 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8))
        {
            throw new AudioDecodeException(AudioDecodeFailure.Undecodable, "ffmpeg: Invalid data found when processing input");
        }
        var samples = new float[(bytes.Length - 44) / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i)) / 32768f;
        }
        return new DecodedAudio(samples, 16_000, 1, "wav");
    }
}

/// <summary>A model that cannot be loaded, as a missing or corrupt model folder behaves.</summary>
public static class BrokenModel
{
    public static ISpeechRecognizer Load() =>
        throw new FileNotFoundException("model folder models/missing has no model.onnx");
}
