using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FunAsr.AsrService.Diarization;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Diarization;

/// <summary>One turn of a synthetic meeting: who (index into voices.json) says what.</summary>
internal sealed record MeetingTurn(int Voice, string Text);

/// <summary>
/// Meetings spoken by espeak-ng and shaped by sox exactly as make_diarization_fixtures.py does (voices.json: voice,
/// pitch, tremolo rate per speaker), with the reference RTTM known to the sample. The sentences here are held out:
/// the test doubles' thresholds were tuned on the generator's other sentences.
/// </summary>
internal sealed class SyntheticMeeting
{
    public static readonly string[] HeldOutSentences =
    [
        "the quarterly report is almost finished", "can we move the review to monday", "I think the client will sign soon",
        "our team built a working prototype", "the training data still needs cleaning", "let me share my screen with you",
        "the travel costs are higher than planned", "we need two more engineers", "the customer survey closes next week",
        "please send me the final slides", "the contract renewal is in june", "I can take that action item",
        "the mobile app crashed twice yesterday", "marketing wants a bigger launch", "that sounds like a good compromise",
        "we are running out of time today",
    ];

    private static readonly JsonElement Voices =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(DiarizationFixtures.Folder, "voices.json"))).RootElement;

    // Lazy: GetOrAdd may run its factory twice at once for one key, and two runs would write the same files while the
    // other reads them (a truncated utterance), now that tests running in parallel speak the same sentences.
    private static readonly ConcurrentDictionary<string, Lazy<float[]>> Utterances = new();

    private static readonly Lazy<string> Cache = new(() =>
    {
        string folder = Directory.CreateTempSubdirectory("funasr-diarization-voices-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    });

    private SyntheticMeeting(float[] samples, List<LabeledSegment> reference)
    {
        Samples = samples;
        Reference = reference;
    }

    public float[] Samples { get; }

    public List<LabeledSegment> Reference { get; }

    public double Duration => Samples.Length / 16000.0;

    public static int VoiceCount => Voices.GetProperty("voices").GetArrayLength();

    public static string VoiceName(int voice) => Voices.GetProperty("voices")[voice].GetProperty("name").GetString()!;

    /// <summary>Turns in order with 0.3–0.8 s pauses (seeded), 0.5 s of silence first, −70 dB noise under it all.</summary>
    public static SyntheticMeeting Build(IReadOnlyList<MeetingTurn> turns, int seed, double minGap = 0.3, double maxGap = 0.8)
    {
        var random = new Random(seed);
        var pieces = new List<float[]>();
        var reference = new List<LabeledSegment>();
        int position = 8000;
        pieces.Add(new float[8000]);
        foreach (var turn in turns)
        {
            float[] speech = Utterance(turn.Voice, turn.Text);
            reference.Add(new LabeledSegment(position / 16000.0, (position + speech.Length) / 16000.0, VoiceName(turn.Voice)));
            int gap = (int)((minGap + random.NextDouble() * (maxGap - minGap)) * 16000);
            pieces.Add(speech);
            pieces.Add(new float[gap]);
            position += speech.Length + gap;
        }

        float[] samples = pieces.SelectMany(p => p).ToArray();
        AddNoise(samples, Math.Pow(10, -70 / 20.0), seed);
        return new SyntheticMeeting(samples, reference);
    }

    /// <summary>A meeting of <paramref name="speakers"/> voices taking <paramref name="turns"/> turns, never the same voice twice in a row.</summary>
    public static SyntheticMeeting RoundTable(int speakers, int turns, int seed)
    {
        var random = new Random(seed);
        var order = new List<MeetingTurn>();
        int previous = -1;
        for (int i = 0; i < turns; i++)
        {
            int voice = i < speakers ? i : random.Next(speakers);
            while (voice == previous)
            {
                voice = random.Next(speakers);
            }

            order.Add(new MeetingTurn(voice, HeldOutSentences[(seed * 5 + i) % HeldOutSentences.Length]));
            previous = voice;
        }

        return Build(order, seed);
    }

    public byte[] ToWav() => WavWriter.Encode(Samples);

    /// <summary>espeak-ng at the voice's pitch, then sox: 16 kHz, silence trimmed both ends, tremolo, peak-normalised.</summary>
    public static float[] Utterance(int voice, string text) => Utterances.GetOrAdd($"{voice}|{text}", _ => new Lazy<float[]>(() => Synthesize(voice, text))).Value;

    private static float[] Synthesize(int voice, string text)
    {
        var v = Voices.GetProperty("voices")[voice];
        string name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{voice}|{text}")))[..16];
        string raw = Path.Combine(Cache.Value, name + ".raw.wav");
        string shaped = Path.Combine(Cache.Value, name + ".wav");
        Run("espeak-ng", "-v", v.GetProperty("espeak").GetString()!, "-p", v.GetProperty("pitch").GetInt32().ToString(),
            "-s", Voices.GetProperty("speed").GetInt32().ToString(), "-w", raw, text);
        string threshold = FormattableString.Invariant($"{Voices.GetProperty("trimThresholdPercent").GetDouble()}%");
        Run("sox", raw, "-r", "16000", "-c", "1", "-b", "16", shaped,
            "silence", "1", "0.02", threshold, "reverse", "silence", "1", "0.02", threshold, "reverse",
            "tremolo", v.GetProperty("tremoloHz").GetInt32().ToString(), Voices.GetProperty("tremoloDepth").GetInt32().ToString(),
            "norm", Voices.GetProperty("normDb").GetInt32().ToString());
        return ReadPcm16(File.ReadAllBytes(shaped));
    }

    private static void AddNoise(float[] samples, double level, int seed)
    {
        var random = new Random(seed + 1000);
        for (int i = 0; i < samples.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            samples[i] += (float)(level * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    private static float[] ReadPcm16(byte[] wav)
    {
        int pos = 12;
        while (pos + 8 <= wav.Length)
        {
            string id = Encoding.ASCII.GetString(wav, pos, 4);
            int size = BitConverter.ToInt32(wav, pos + 4);
            if (id == "data")
            {
                size = Math.Min(size, wav.Length - pos - 8);
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BitConverter.ToInt16(wav, pos + 8 + 2 * i) / 32768f;
                }

                return samples;
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException("sox wrote a WAV without a data chunk");
    }

    private static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {error.Result}");
        }
    }
}
