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

    private static readonly Lazy<Dictionary<string, string>> Irregular = new(() =>
    {
        using var stream = typeof(TermAnalyzer).Assembly.GetManifestResourceStream("FunAsr.Text.Analysis.en-irregular.tsv")
            ?? throw new InvalidOperationException("The English irregular forms are not embedded in FunAsr.Text.");
        using var reader = new StreamReader(stream);
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t');
            if (!line.StartsWith('#') && tab > 0)
            {
                forms[line[..tab]] = line[(tab + 1)..];
            }
        }
        return forms;
    });

    /// <summary>What a synonym match is worth next to the question's own word.</summary>
    public const double SynonymWeight = 0.6;

    /// <summary>What a word near in meaning (Cilin's word group, WordNet's broader word) is worth next to the question's own word.</summary>
    public const double RelatedWeight = 0.4;

    /// <summary>What a same-sounding word (an ASR homophone) is worth next to the question's own word.</summary>
    public const double SoundWeight = 0.7;

    /// <summary>
    /// What a translation is worth in a lecture in the question's own language (where it is a loose paraphrase); in a lecture
    /// in the other language it is the question's own word there, and is worth it in full.
    /// </summary>
    public const double TranslationWeight = 0.6;

    private static bool IsCjkWord(string term) => term.Length > 0 && term.All(Scripts.TextScript.IsCjk);

    /// <summary>Index terms of a text, in order; repeated terms repeat; a quantity also gives its conversions.</summary>
    public static List<string> Terms(string text) => Groups(text, synonyms: false).SelectMany(g => g.All.Select(a => a.Term)).ToList();

    /// <summary>
    /// A question's ideas, each as a <see cref="TermGroup"/>: its question words ("how long", 多少, いつ) taken out first,
    /// quantities with their conversions, Chinese words with their synonyms.
    /// </summary>
    public static List<TermGroup> QuestionGroups(string question)
    {
        var groups = Groups(QuestionWords.Strip(question), synonyms: true);
        if (groups.Count == 0)
        {
            groups = Groups(question, synonyms: true);
        }
        return groups.DistinctBy(g => g.Term).ToList();
    }

    private static List<TermGroup> Groups(string text, bool synonyms)
    {
        var normalized = TextNormalizer.Normalize(text);
        var groups = new List<TermGroup>();
        var position = 0;
        foreach (var (index, length, quantityGroups) in Quantities.Find(normalized))
        {
            AddWords(normalized[position..index], groups, synonyms);
            groups.AddRange(quantityGroups.Select(g => new TermGroup(g[0], g.Skip(1).Select(t => new Alternative(t, 1.0)).ToList())));
            position = index + length;
        }
        AddWords(normalized[position..], groups, synonyms);
        return groups;
    }

    /// <summary>
    /// Loads every table and model the analysis uses (SmartCn's dictionaries, ICU's transliterators and word breaker, the
    /// synonym and translation tables: a few seconds in all), so the first question does not wait for them.
    /// </summary>
    public static void WarmUp()
    {
        QuestionGroups("How long is the leave? 會議室要提前几天预订？ 有給休暇は何日ですか");
        _ = EnglishSynonyms.Of("leav");
    }

    /// <summary>
    /// Lower-cased, stemmed form of one English word (what <see cref="Terms"/> makes of it). Irregular forms are first taken
    /// back to their lemma (paid → pay, children → child: Data/en-irregular.tsv, from WordNet), which no suffix stripping finds.
    /// </summary>
    public static string Stem(string word)
    {
        var stemmer = Stemmer.Value!;
        var lower = word.ToLowerInvariant();
        stemmer.SetCurrent(Irregular.Value.GetValueOrDefault(lower, lower));
        stemmer.Stem();
        return stemmer.Current;
    }

    private static void AddWords(string text, List<TermGroup> groups, bool synonyms)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        var found = new List<(string Term, WordKind Kind, List<Alternative> Alternatives)>();
        foreach (var word in WordSegmenter.Split(text).SelectMany(w => synonyms ? Known(w) : [w]))
        {
            if (Term(word) is not { } term)
            {
                continue;
            }
            var alternatives = new List<Alternative>();
            if (synonyms && word.Kind == WordKind.Cjk && IsCjkWord(term))
            {
                alternatives.AddRange(ChineseSynonyms.Of(term).Select(s => new Alternative(s, SynonymWeight)));
                alternatives.AddRange(ChineseSynonyms.RelatedOf(term).Select(s => new Alternative(s, RelatedWeight)));
                if (Pinyin.TermOf(term) is { } sound)
                {
                    alternatives.Add(new Alternative(sound, SoundWeight));
                }
                alternatives.AddRange(Glossary.EnglishOf(term).Select(e => new Alternative(e, TranslationWeight, Translation: true)));
            }
            else if (synonyms && word.Kind == WordKind.Latin)
            {
                alternatives.AddRange(EnglishSynonyms.Of(term).Select(s => new Alternative(s, SynonymWeight)));
                alternatives.AddRange(EnglishSynonyms.BroaderOf(term).Select(s => new Alternative(s, RelatedWeight)));
                alternatives.AddRange(Glossary.ChineseOf(term).Select(c => new Alternative(c, TranslationWeight, Translation: true)));
            }
            if (word.Kind == WordKind.Latin && NegatedRoot(word.Text) is { } root)
            {
                // "unlabelled" is about labels: the root is an equal alternative in questions and a second term in lectures.
                alternatives.Add(new Alternative(root, 1.0));
            }
            found.Add((term, word.Kind, alternatives));
        }
        if (synonyms)
        {
            AddPhraseTranslations(found);
        }
        groups.AddRange(found.Select(f => new TermGroup(f.Term, f.Alternatives)));
    }

    /// <summary>
    /// A joined Chinese word that neither the synonym table nor the glossary knows (公立医院) is asked about by its pieces
    /// (公立, 医院), which they do know, so its meaning still reaches a lecture that words it otherwise or in English; a lecture
    /// that says the whole word still holds each piece (a Chinese word is also found inside a longer one).
    /// </summary>
    private static IEnumerable<WordToken> Known(WordToken word) =>
        word.Pieces is { } pieces && ChineseSynonyms.Of(word.Text).Count == 0 && Glossary.EnglishOf(word.Text).Count == 0
            ? pieces.Select(p => new WordToken(p, WordKind.Cjk))
            : [word];

    /// <summary>
    /// Consecutive English words that translate together ("year-end bonus" → 年终奖, "economy class" → 经济舱): the Chinese word
    /// stands for each of them, so a sentence that holds it covers the whole phrase.
    /// </summary>
    private static void AddPhraseTranslations(List<(string Term, WordKind Kind, List<Alternative> Alternatives)> found)
    {
        for (var length = 2; length <= Glossary.MaxPhraseWords; length++)
        {
            for (var first = 0; first + length <= found.Count; first++)
            {
                var run = found.GetRange(first, length);
                if (run.Any(w => w.Kind != WordKind.Latin))
                {
                    continue;
                }
                foreach (var chinese in Glossary.ChineseOf(Glossary.Join(run.Select(w => w.Term))))
                {
                    foreach (var word in run)
                    {
                        word.Alternatives.Add(new Alternative(chinese, TranslationWeight, Translation: true));
                    }
                }
            }
        }
    }

    private static string? NegatedRoot(string word)
    {
        var lower = word.ToLowerInvariant();
        var prefix = lower.StartsWith("non", StringComparison.Ordinal) ? 3 : lower.StartsWith("un", StringComparison.Ordinal) ? 2 : 0;
        return prefix > 0 && lower.Length - prefix >= 5 ? Stem(lower[prefix..]) : null;
    }

    private static string? Term(WordToken word)
    {
        switch (word.Kind)
        {
            case WordKind.Number:
                return word.Text.EndsWith('%') ? $"{Quantities.QuantityPrefix}{word.Text[..^1]}:percent" : word.Text;
            case WordKind.Latin:
                var lower = word.Text.ToLowerInvariant().Replace('’', '\'');
                if (lower.EndsWith("'s", StringComparison.Ordinal))
                {
                    lower = lower[..^2];
                }
                return StopWords.English.Contains(lower) ? null : Quantities.UnitTerm(lower) ?? Quantities.MonthTerm(lower) ?? Stem(lower);
            default:
                return StopWords.Chinese.Contains(word.Text) || StopWords.Japanese.Contains(word.Text)
                    ? null
                    : Quantities.UnitTerm(word.Text) ?? word.Text;
        }
    }
}
