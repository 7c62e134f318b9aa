using FunAsr.Text.Analysis;
using FunAsr.Text.Normalization;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// A sentence of a lecture: its place in the lecture, its time (from the ASR's word times when <see cref="FromWords"/>,
/// else its share of its segment's time) and its index terms.
/// </summary>
public sealed record TimedSentence(int Index, string Text, double Start, double End, bool FromWords)
{
    private readonly IReadOnlyList<string> _terms = [];

    /// <summary>Index terms in order (with repeats, as BM25 counts them).</summary>
    public IReadOnlyList<string> Terms
    {
        get => _terms;
        init
        {
            _terms = value;
            TermSet = value.Concat(Pinyin.Terms(value)).ToHashSet(StringComparer.Ordinal);
            NormalizedText = TextNormalizer.Normalize(Text);
        }
    }

    /// <summary>The text as analysis sees it (width, script and numbers folded): where a Chinese word is looked for whole,
    /// however the segmenter happened to split this sentence.</summary>
    public string NormalizedText { get; private init; } = "";

    /// <summary>The same terms and the sounds of its Chinese words (<see cref="Pinyin"/>), as a set for matching questions.</summary>
    public IReadOnlySet<string> TermSet { get; private init; } = new HashSet<string>();

    /// <summary>Who says it, when the lecture was diarized: its segment's speaker id.</summary>
    public string? Speaker { get; init; }
}

/// <summary>A retrievable unit: consecutive sentences of one lecture, with the span of time they cover.</summary>
public sealed record Passage(
    string Id,
    string LectureId,
    string LectureTitle,
    string Language,
    int Ordinal,
    double Start,
    double End,
    string Text,
    IReadOnlyList<TimedSentence> Sentences)
{
    /// <summary>A diarized lecture's passages are one speaker's words: the speaker's id and what it is called (name, else id).</summary>
    public string? Speaker { get; init; }

    public string? SpeakerLabel { get; init; }
}

/// <summary>A passage as ranked for one question; <see cref="Bm25"/> and <see cref="Dense"/> are null where that retriever did not return it.</summary>
public sealed record RetrievedPassage(Passage Passage, double? Bm25, double? Dense, double Fused);
