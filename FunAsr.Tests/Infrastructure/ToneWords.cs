using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FunAsr.Tests.Infrastructure;

/// <summary>One token of a tone-word waveform: the piece, and when its tone plays (seconds).</summary>
public sealed record ToneToken(string Piece, double Start, double End);

/// <summary>A synthesised tone-word waveform (mono, samples in [-1, 1]) with the timing of each token.</summary>
public sealed record ToneWordsAudio(float[] Samples, int SampleRate, IReadOnlyList<ToneToken> Tokens, string ExpectedText)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;

    /// <summary>A RIFF/WAVE file: 16-bit PCM by default, or 32-bit IEEE float.</summary>
    public byte[] ToWav(int bitsPerSample = 16, int channels = 1) => WavWriter.Encode(Samples, SampleRate, bitsPerSample, channels);

    public void WriteWav(string path, int bitsPerSample = 16, int channels = 1) =>
        File.WriteAllBytes(path, ToWav(bitsPerSample, channels));
}

/// <summary>How tone words are laid out in time; defaults come from the model's tones.json.</summary>
public sealed record ToneWordsStyle
{
    public int SampleRate { get; init; } = 16_000;
    public double Amplitude { get; init; } = ToneWords.Table.Amplitude;
    public int ToneMs { get; init; } = ToneWords.Table.ToneMs;
    /// <summary>Silence between two identical consecutive pieces, so CTC does not collapse them.</summary>
    public int RepeatGapMs { get; init; } = ToneWords.Table.RepeatGapMs;
    /// <summary>Silence at each "|" and before the first / after the last token.</summary>
    public int PauseMs { get; init; } = ToneWords.Table.PauseMs;
    public int FadeMs { get; init; } = ToneWords.Table.FadeMs;
}

/// <summary>
/// Synthesises "tone words" for the known-answer model (models/testing/known-answer): every SentencePiece
/// piece the model knows is a pure tone; a sentence is pieces separated by spaces, "|" is a pause.
/// Example: <c>ToneWords.Synthesize("今天 天气 很好 。 | ▁hello ▁world")</c> decodes to "今天天气很好。 hello world".
/// </summary>
public static class ToneWords
{
    private static readonly Lazy<ToneTable> LazyTable = new(LoadTable);

    public static ToneTable Table => LazyTable.Value;

    public static ToneWordsAudio Synthesize(string sentence, ToneWordsStyle? style = null)
    {
        style ??= new ToneWordsStyle();
        var rate = style.SampleRate;
        var toneLength = rate * style.ToneMs / 1000;
        var fadeLength = Math.Max(1, rate * style.FadeMs / 1000);
        var samples = new List<float>();
        var tokens = new List<ToneToken>();
        AppendSilence(samples, rate * style.PauseMs / 1000);
        string? previous = null;
        foreach (var item in sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == "|")
            {
                AppendSilence(samples, rate * style.PauseMs / 1000);
                previous = null;
                continue;
            }

            if (!Table.FrequencyByPiece.TryGetValue(item, out var frequency))
            {
                throw new ArgumentException($"The known-answer model has no tone for piece '{item}'. Known: {string.Join(' ', Table.FrequencyByPiece.Keys)}", nameof(sentence));
            }

            if (item == previous)
            {
                AppendSilence(samples, rate * style.RepeatGapMs / 1000);
            }

            var start = samples.Count;
            for (var n = 0; n < toneLength; n++)
            {
                var envelope = n < fadeLength ? Ramp(n, fadeLength) : n >= toneLength - fadeLength ? Ramp(toneLength - 1 - n, fadeLength) : 1.0;
                samples.Add((float)(style.Amplitude * envelope * Math.Sin(2 * Math.PI * frequency * n / rate)));
            }

            tokens.Add(new ToneToken(item, (double)start / rate, (double)samples.Count / rate));
            previous = item;
        }

        AppendSilence(samples, rate * style.PauseMs / 1000);
        return new ToneWordsAudio([.. samples], rate, tokens, ExpectedText(tokens.Select(t => t.Piece)));
    }

    /// <summary>Silence of the given length (pure digital zeros).</summary>
    public static ToneWordsAudio Silence(double seconds, int sampleRate = 16_000) =>
        new(new float[(int)(seconds * sampleRate)], sampleRate, [], string.Empty);

    /// <summary>
    /// The text the known-answer model's pieces spell: concatenated, '▁' as a word boundary, &lt;0xNN&gt; pieces as
    /// UTF-8 bytes, trimmed. Tests should still state the literal text they expect.
    /// </summary>
    public static string ExpectedText(IEnumerable<string> pieces)
    {
        var bytes = new List<byte>();
        foreach (var piece in pieces)
        {
            if (piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece.EndsWith('>'))
            {
                bytes.Add(byte.Parse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(piece.Replace('▁', ' ')));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]).Trim();
    }

    private static double Ramp(int n, int length) => 0.5 - 0.5 * Math.Cos(Math.PI * n / length);

    private static void AppendSilence(List<float> samples, int count)
    {
        for (var i = 0; i < count; i++)
        {
            samples.Add(0f);
        }
    }

    private static ToneTable LoadTable()
    {
        var path = Path.Combine(RepositoryPaths.KnownAnswerModel, "tones.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var tones = root.GetProperty("tones").EnumerateArray()
            .ToDictionary(t => t.GetProperty("piece").GetString()!, t => t.GetProperty("frequencyHz").GetDouble());
        return new ToneTable(
            tones,
            root.GetProperty("amplitude").GetDouble(),
            root.GetProperty("toneMs").GetInt32(),
            root.GetProperty("repeatGapMs").GetInt32(),
            root.GetProperty("pauseMs").GetInt32(),
            root.GetProperty("fadeMs").GetInt32());
    }
}

/// <summary>The contents of tones.json: the frequency of each piece and the default layout.</summary>
public sealed record ToneTable(
    IReadOnlyDictionary<string, double> FrequencyByPiece,
    double Amplitude,
    int ToneMs,
    int RepeatGapMs,
    int PauseMs,
    int FadeMs);
