namespace FunAsr.QaBot.Answering;

/// <summary>
/// What the answer model (<see cref="AnswerModel"/>) reads off a window and its question. The order is the order of the
/// fitted weights in answer-model.json; the fitting script (Model/fit_answer_model.py) reads the same names.
/// </summary>
public static class WindowFeatures
{
    /// <summary>Features of one window, for ranking the windows of one question.</summary>
    public static readonly string[] Window =
    [
        // Share of the question's known weight (idf) the window covers, through any equivalent.
        "coverage",
        // The same, counting only the question's own words (and the same quantity in another unit).
        "exact",
        // Share its best single sentence covers: words gathered from neighbours often answer a question the lecture never asked.
        "focus",
        // Share of the question's known ideas covered, each counted once whatever its weight.
        "ideas",
        // How much of the question's rarest known idea (its most specific word) the window covers.
        "rarest",
        // The heaviest known idea the window leaves out, as a share of the known weight: the detail asked for may be missing.
        "missing",
        // Share of the question's Chinese characters found in the window: meets a paraphrase the segmenter split differently.
        "chars",
        // The passage's retrieval score relative to the best passage's, and whether it is the best.
        "passage",
        "top_passage",
        // The window is in a lecture in another language than the question's: met only through translations.
        "other_language",
        // Sentences beyond the first.
        "extra_sentences",
        // The question asks how many/how long/when and the window holds that kind of answer in the asked unit…
        "kind_expected",
        // …or holds none of that kind at all.
        "kind_missing",
        // The question states a number and the window holds it (in any unit it converts to), or does not.
        "number_match",
        "number_missing",
    ];

    /// <summary>Features of the best window of a question, for deciding whether it answers at all.</summary>
    public static readonly string[] Answer =
    [
        // The window's ranking score, and its lead over the best window elsewhere (that does not overlap it).
        "score",
        "margin",
        // Share of the question's weight that any lecture knows, and how many of its ideas none does.
        "known_share",
        "unknown",
        "coverage",
        "focus",
        "rarest",
        "missing",
        "kind_missing",
    ];
}
