using System.Text;
using FunAsr.Text.Scripts;

namespace FunAsr.Text.Joining;

/// <summary>
/// The one rule for joining pieces of text (segments of a transcript, sentences of a passage, captions of a live
/// stream) in every script: a space between the pieces, except between two wide (CJK) characters, after wide
/// punctuation (。，carry their own spacing), before punctuation that belongs to the text before it, and after an
/// opening bracket or quote.
/// </summary>
public static class TextJoiner
{
    public static string Join(IEnumerable<string> pieces)
    {
        var builder = new StringBuilder();
        foreach (var piece in pieces)
        {
            Append(builder, piece);
        }
        return builder.ToString();
    }

    /// <summary>Appends <paramref name="piece"/> (trimmed) to <paramref name="builder"/>, with a space where the rule asks for one.</summary>
    public static void Append(StringBuilder builder, string piece)
    {
        var text = piece.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return;
        }
        if (builder.Length > 0 && Rune.DecodeFromUtf16(text, out var first, out _) == System.Buffers.OperationStatus.Done && NeedsSpace(Last(builder), first))
        {
            builder.Append(' ');
        }
        builder.Append(text);
    }

    /// <summary>Whether a space goes between a text ending in <paramref name="left"/> and one starting with <paramref name="right"/>.</summary>
    public static bool NeedsSpace(Rune left, Rune right)
    {
        if (Rune.IsWhiteSpace(left) || Rune.IsWhiteSpace(right))
        {
            return false;
        }
        if (right.IsBmp && TextScript.AttachesToPrevious((char)right.Value))
        {
            return false;
        }
        if (left.IsBmp && TextScript.IsOpening((char)left.Value))
        {
            return false;
        }
        if (TextScript.IsWide(left) && (TextScript.IsWide(right) || !TextScript.IsCjk(left)))
        {
            // Two wide characters, or wide punctuation (its glyph already holds the space) before anything.
            return false;
        }
        return true;
    }

    private static Rune Last(StringBuilder builder)
    {
        var last = builder[^1];
        return char.IsLowSurrogate(last) && builder.Length > 1 && char.IsHighSurrogate(builder[^2])
            ? new Rune(builder[^2], last)
            : Rune.TryCreate(last, out var rune) ? rune : Rune.ReplacementChar;
    }
}
