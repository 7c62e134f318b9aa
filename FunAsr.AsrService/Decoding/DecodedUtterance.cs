namespace FunAsr.AsrService.Decoding;

/// <summary>A decoded token with times in seconds relative to the start of its utterance.</summary>
/// <param name="Text">The token's text without its leading word-boundary space.</param>
/// <param name="StartsWord">The piece began with '▁' (or a space): a new word starts here.</param>
public readonly record struct DecodedToken(string Text, bool StartsWord, double Start, double End);

/// <summary>One utterance decoded: clean text, rich text (SenseVoice tags kept), tags and token times.</summary>
public sealed record DecodedUtterance(
    string Text,
    string RichText,
    SenseVoiceTags Tags,
    IReadOnlyList<DecodedToken> Tokens,
    IReadOnlyList<int> TokenIds);
