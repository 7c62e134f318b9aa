namespace FunAsr.Text.Subtitles;

/// <summary>One subtitle on screen: its display times and its lines.</summary>
public sealed record SubtitleCue(double Start, double End, IReadOnlyList<string> Lines)
{
    public string Text => string.Join('\n', Lines);
}

public enum SubtitleFormat
{
    Txt,
    Srt,
    Vtt,
}
