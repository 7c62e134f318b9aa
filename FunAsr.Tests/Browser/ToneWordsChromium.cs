using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Browser;

/// <summary>Chromium whose fake microphone says the known-answer model's tone words, padded with silence.</summary>
public sealed class ToneWordsChromium : ChromiumBrowser
{
    public const string Sentence = "今天 天气 很好 。";
    private const double LeadSeconds = 0.5;
    private const double TailSeconds = 2.5;

    /// <summary>Long enough to catch the whole sentence from the start of the loop, short of its next repetition.</summary>
    public static double RecordSeconds => LeadSeconds + ToneWords.Synthesize(Sentence).DurationSeconds + 1.0;

    protected override byte[] FakeMicrophoneAudio()
    {
        var words = ToneWords.Synthesize(Sentence);
        var lead = new float[(int)(LeadSeconds * words.SampleRate)];
        var tail = new float[(int)(TailSeconds * words.SampleRate)];
        return new ToneWordsAudio([.. lead, .. words.Samples, .. tail], words.SampleRate, [], words.ExpectedText).ToWav();
    }
}
