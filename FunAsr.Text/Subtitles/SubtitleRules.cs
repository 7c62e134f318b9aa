using System.Text;
using System.ComponentModel.DataAnnotations;
using FunAsr.Text.Scripts;

namespace FunAsr.Text.Subtitles;

/// <summary>
/// How transcripts are cut into cues people can read (defaults after common broadcast guidelines): at most
/// <see cref="MaxLines"/> lines of <see cref="MaxLineLength"/> Latin or <see cref="MaxLineLengthCjk"/> CJK characters,
/// <see cref="MinCueSeconds"/>–<see cref="MaxCueSeconds"/> on screen, no faster than the reading speeds, and never across a
/// pause of <see cref="LongPauseSeconds"/> or a sentence end.
/// </summary>
public sealed class SubtitleRules
{
    [Range(1, 4)]
    public int MaxLines { get; set; } = 2;

    /// <summary>Characters per line in Latin (and other narrow) scripts.</summary>
    [Range(10, 200)]
    public int MaxLineLength { get; set; } = 42;

    /// <summary>Characters per line in CJK (wide) text; mixed lines count a wide character as MaxLineLength / MaxLineLengthCjk.</summary>
    [Range(4, 100)]
    public int MaxLineLengthCjk { get; set; } = 16;

    [Range(0.1, 10.0)]
    public double MinCueSeconds { get; set; } = 1;

    [Range(1.0, 60.0)]
    public double MaxCueSeconds { get; set; } = 7;

    /// <summary>Reading speed cap for Latin text, characters per second (spaces included).</summary>
    [Range(1.0, 100.0)]
    public double MaxCharsPerSecond { get; set; } = 17;

    /// <summary>Reading speed cap for CJK text, characters per second.</summary>
    [Range(1.0, 100.0)]
    public double MaxCharsPerSecondCjk { get; set; } = 9;

    /// <summary>Silence between two words that always ends a cue.</summary>
    [Range(0.1, 30.0)]
    public double LongPauseSeconds { get; set; } = 1;

    /// <summary>How many Latin characters one wide character counts as on a line.</summary>
    public double WideWidth => (double)MaxLineLength / MaxLineLengthCjk;

    /// <summary>Width of a text on a line, in Latin characters.</summary>
    public double Width(ReadOnlySpan<char> text) => Measure(text, WideWidth, spaces: true);

    /// <summary>Reading length of a text, in Latin characters at the Latin reading speed.</summary>
    public double ReadingLength(ReadOnlySpan<char> text) => Measure(text, MaxCharsPerSecond / MaxCharsPerSecondCjk, spaces: true);

    /// <summary>Shortest time a text needs on screen at the reading speed cap.</summary>
    public double ReadingSeconds(ReadOnlySpan<char> text) => ReadingLength(text) / MaxCharsPerSecond;

    private static double Measure(ReadOnlySpan<char> text, double wide, bool spaces)
    {
        double width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += TextScript.IsWide(rune) ? wide : Rune.IsWhiteSpace(rune) && !spaces ? 0 : 1;
        }
        return width;
    }
}
