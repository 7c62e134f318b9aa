using FunAsr.Text.Normalization;
using FunAsr.Text.Segmentation;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace FunAsr.Text.Analysis;

/// <summary>
/// The one analysis of lecture text and questions into index terms: normalisation (<see cref="TextNormalizer"/>), quantities
/// as language-neutral terms (<see cref="Quantities"/>), word segmentation (<see cref="WordSegmenter"/>), lower case, stop
/// words per language and English stemming (Snowball's English stemmer, "Porter2").
/// </summary>
public static class TermAnalyzer
{
    // The stemmer keeps its word in fields while it works: one per thread.
    private static readonly ThreadLocal<EnglishStemmer> Stemmer = new(() => new EnglishStemmer());

    /// <summary>Index terms of a text, in order; repeated terms repeat.</summary>
    public static List<string> Terms(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        var terms = new List<string>();
        var position = 0;
        foreach (var (index, length, quantityTerms) in Quantities.Find(normalized))
        {
            AddWords(normalized[position..index], terms);
            terms.AddRange(quantityTerms);
            position = index + length;
        }
        AddWords(normalized[position..], terms);
        return terms;
    }

    /// <summary>Terms of a question: its question words ("how long", 多少, いつ) taken out first.</summary>
    public static List<string> QuestionTerms(string question)
    {
        var terms = Terms(QuestionWords.Strip(question));
        return terms.Count > 0 ? terms : Terms(question);
    }

    /// <summary>Lower-cased, stemmed form of one English word (what <see cref="Terms"/> makes of it).</summary>
    public static string Stem(string word)
    {
        var stemmer = Stemmer.Value!;
        stemmer.SetCurrent(word.ToLowerInvariant());
        stemmer.Stem();
        return stemmer.Current;
    }

    private static void AddWords(string text, List<string> terms)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        foreach (var word in WordSegmenter.Split(text))
        {
            switch (word.Kind)
            {
                case WordKind.Number:
                    terms.Add(word.Text.EndsWith('%') ? $"{Quantities.QuantityPrefix}{word.Text[..^1]}:percent" : word.Text);
                    break;
                case WordKind.Latin:
                    var lower = word.Text.ToLowerInvariant().Replace('’', '\'');
                    if (lower.EndsWith("'s", StringComparison.Ordinal))
                    {
                        lower = lower[..^2];
                    }
                    if (StopWords.English.Contains(lower))
                    {
                        break;
                    }
                    terms.Add(Quantities.UnitTerm(lower) ?? Quantities.MonthTerm(lower) ?? Stem(lower));
                    break;
                default:
                    if (!StopWords.Chinese.Contains(word.Text) && !StopWords.Japanese.Contains(word.Text))
                    {
                        terms.Add(Quantities.UnitTerm(word.Text) ?? word.Text);
                    }
                    break;
            }
        }
    }
}
