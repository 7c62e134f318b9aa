namespace FunAsr.Text.Subtitles;

/// <summary>A word (or CJK token) and when it was said, in seconds.</summary>
public readonly record struct TimedWord(string Text, double Start, double End);

/// <summary>
/// A timed stretch of transcript: a segment and the words in it, in order, as the recogniser timed them.
/// No words means their times are unknown (an edited line, a model without token times) and are spread over the
/// stretch by the length of the text.
/// </summary>
public sealed record TimedText(double Start, double End, string Text, IReadOnlyList<TimedWord> Words)
{
    public static TimedText Untimed(double start, double end, string text) => new(start, end, text, []);
}
