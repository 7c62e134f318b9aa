namespace FunAsr.Text.Segmentation;

public enum WordKind
{
    /// <summary>A Chinese, Japanese or Korean word.</summary>
    Cjk,
    /// <summary>A word in an alphabetic script (English, pinyin, product names).</summary>
    Latin,
    /// <summary>Digits, possibly with a decimal part or a trailing %.</summary>
    Number,
}

/// <summary>
/// One word of a text, as the segmenter found it (not yet lower-cased, stemmed or filtered); <see cref="Pieces"/>: the smaller
/// words a Chinese word was joined from (公立医院 from 公立/医院), where it was.
/// </summary>
public readonly record struct WordToken(string Text, WordKind Kind, IReadOnlyList<string>? Pieces = null);
