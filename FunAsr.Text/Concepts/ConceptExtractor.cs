using FunAsr.Text.Scripts;

namespace FunAsr.Text.Concepts;

/// <summary>Cut-offs of <see cref="ConceptExtractor"/> (chosen on the tuning lectures, Fixtures/Notes/tuning).</summary>
public sealed record ConceptOptions
{
    /// <summary>At most this many concepts, and at least <see cref="MinConcepts"/> where there are candidates.</summary>
    public int MaxConcepts { get; init; } = 15;

    public int MinConcepts { get; init; } = 4;

    /// <summary>One concept per this many sentences of the lecture, between the two bounds.</summary>
    public int SentencesPerConcept { get; init; } = 4;

    /// <summary>A concept scores at least this share of the best one's score.</summary>
    public double MinRelativeScore { get; init; } = 0.12;

    /// <summary>A term no sentence defines scores at least this share of the best one's score …</summary>
    public double MinUndefinedScore { get; init; } = 0.3;

    /// <summary>… and such terms make at most this share of the concepts.</summary>
    public double MaxUndefinedShare { get; init; } = 0.34;

    /// <summary>How much a defining sentence multiplies a candidate's score.</summary>
    public double DefinedBoost { get; init; } = 3.0;

    /// <summary>Library document frequencies are used once the library has at least this many other lectures.</summary>
    public int MinBackgroundDocuments { get; init; } = 3;
}

/// <summary>
/// The one concept extractor (notes' glossary, the learning layer's concept graph). Candidates are noun phrases
/// (<see cref="CjkPhrases"/>, <see cref="EnglishPhrases"/>); each is weighed by its termhood, the C-value of Frantzi, Ananiadou
/// &amp; Mima (2000): longer phrases count more, and a phrase counts only the mentions it has outside longer candidates that
/// contain it; by its specificity, a TF-IDF factor against the rest of the library (<see cref="IConceptBackground"/>) and,
/// for Chinese, against general usage (jieba's corpus frequencies); and up by a sentence that defines it. The best are kept,
/// none overlapping another, each with the sentences that mention it and the one that defines or explains it
/// (<see cref="DefinitionFinder"/>). Work and memory grow with the number of sentences times a bounded phrase count.
/// </summary>
public sealed class ConceptExtractor(ConceptOptions? options = null)
{
    private readonly ConceptOptions _options = options ?? new ConceptOptions();

    private const int MaxOthers = 80;

    /// <summary>At most this many candidates are checked for clipped boundaries (<see cref="TermBoundaries"/>); the rest are not taken.</summary>
    private const int MaxBoundaryChecks = 4 * MaxOthers;

    /// <summary>A single CJK word rarer than this in jieba's corpus counts is a term even when the lecture does not define it.</summary>
    private const int RareWordFrequency = 50;

    /// <summary>A single CJK word more common than this in jieba's corpus counts is an everyday word.</summary>
    private const int EverydayWordFrequency = 1000;

    private sealed class Candidate(string key)
    {
        public string Key { get; } = key;
        public int Words;
        public bool HasVerb;
        public bool Nominal;
        public bool NeedsDefinition = true;
        public string? DefinedAs;
        public List<int> Sentences { get; } = [];
        public Dictionary<string, int> Surfaces { get; } = new(StringComparer.Ordinal);
        public double Score;
        public int Strength;
    }

    /// <summary>The candidate keys of a lecture, most frequent first and at most <paramref name="max"/>, for document frequencies across a library.</summary>
    public static IReadOnlyList<string> CandidateKeys(IReadOnlyList<string> sentences, string language, int max)
    {
        var cjk = TextScript.IsChineseLike(language);
        var proper = cjk ? ProperNouns.Empty : ProperNouns.From(sentences);
        var phrases = new List<PhraseCandidate>();
        var names = new List<NameMention>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            phrases.Clear();
            names.Clear();
            Candidates(sentence, cjk, proper, phrases, names);
            foreach (var key in phrases.Select(p => p.Key).Distinct())
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(max).Select(c => c.Key).ToList();
    }

    public ConceptSet Extract(IReadOnlyList<ConceptSentence> sentences, string language, IConceptBackground? background = null)
    {
        var cjk = TextScript.IsChineseLike(language);
        var proper = cjk ? ProperNouns.Empty : ProperNouns.From(sentences.Select(s => s.Text));
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var names = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var phrases = new List<PhraseCandidate>();
        var found = new List<NameMention>();
        for (var s = 0; s < sentences.Count; s++)
        {
            phrases.Clear();
            found.Clear();
            Candidates(sentences[s].Text, cjk, proper, phrases, found);
            foreach (var phrase in phrases)
            {
                if (!candidates.TryGetValue(phrase.Key, out var candidate))
                {
                    // An acronym stands for a phrase of several words (HACCP, RPO) and weighs as one.
                    var words = !cjk && phrase.Words == 1 && ProperNouns.IsAcronym(phrase.Surface) ? 2 : phrase.Words;
                    candidates[phrase.Key] = candidate = new Candidate(phrase.Key) { Words = words, HasVerb = phrase.HasVerb };
                }
                if (candidate.Sentences.Count == 0 || candidate.Sentences[^1] != s)
                {
                    candidate.Sentences.Add(s);
                }
                candidate.Nominal |= phrase.Nominal;
                candidate.NeedsDefinition &= phrase.NeedsDefinition;
                var strength = DefinitionFinder.StrengthAt(sentences[s].Text, phrase.Offset, phrase.Surface.Length, cjk);
                if (strength > candidate.Strength)
                {
                    (candidate.Strength, candidate.DefinedAs) = (strength, phrase.Surface);
                }
                candidate.Surfaces[phrase.Surface] = candidate.Surfaces.GetValueOrDefault(phrase.Surface) + 1;
            }
            foreach (var name in found)
            {
                if (!names.TryGetValue(name.Name, out var list))
                {
                    names[name.Name] = list = [];
                }
                if (list.Count == 0 || list[^1] != s)
                {
                    list.Add(s);
                }
            }
        }

        var nameWords = NameWords(names.Keys, cjk);
        var pool = candidates.Values
            .Where(c => !c.HasVerb || c.Nominal)
            .Where(c => !nameWords.Overlaps(cjk ? [c.Key] : c.Key.Split(' ')))
            .ToList();
        var nested = Containers(pool, cjk);
        var useBackground = background is not null && background.Documents >= _options.MinBackgroundDocuments;
        foreach (var candidate in pool)
        {
            var frequency = (double)candidate.Sentences.Count;
            if (nested.TryGetValue(candidate.Key, out var longer))
            {
                frequency -= longer.Average(l => l.Sentences.Count);
            }
            // Termhood after C-value, with frequency on a log scale: a glossary wants the lecture's terms, not its most repeated word.
            var termhood = frequency <= 0 ? 0 : Math.Log2(1 + candidate.Words) * (1 + Math.Log(Math.Max(1, frequency)));
            var specificity = Specificity(candidate, cjk);
            if (useBackground)
            {
                var documents = background!.Documents;
                specificity *= 0.25 + 0.75 * Math.Log((documents + 1.0) / (background.DocumentFrequency(candidate.Key) + 1.0)) / Math.Log(documents + 1.0);
            }
            candidate.Score = termhood * specificity;
        }
        foreach (var candidate in pool)
        {
            // A term defined once and never repeated still counts as said once.
            var single = Math.Log2(1 + candidate.Words) * Specificity(candidate, cjk);
            candidate.Score = Math.Max(candidate.Score, single) * candidate.Strength switch
            {
                DefinitionFinder.Strong => _options.DefinedBoost,
                DefinitionFinder.Medium => 1 + (_options.DefinedBoost - 1) * 0.5,
                DefinitionFinder.Weak => 1.25,
                _ => 1.0,
            };
        }

        var limit = Math.Clamp(sentences.Count / _options.SentencesPerConcept, _options.MinConcepts, _options.MaxConcepts);
        var classified = cjk ? [] : Classified(pool);
        var ranked = pool
            .Where(c => c.Score > 0 && (c.Sentences.Count >= 2 || c.Strength >= 2) && (!c.NeedsDefinition || c.Strength >= 2))
            .Where(c => c.Words > 1 || (c.Strength >= 2 && !Everyday(c, cjk)) || StandsAlone(c, cjk))
            // An English phrase the lecture never defines is a term only in the shape of one: nouns modifying a noun, or a
            // classifier and its noun.
            .Where(c => c.Strength >= 2 || cjk || c.Words == 1 || EnglishWords.IsNounCompound(Label(c)) || classified.Contains(c.Key))
            .OrderByDescending(c => c.Score).ThenBy(c => c.Sentences[0]).ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
        var top = ranked.Count > 0 ? ranked[0].Score : 0;
        // Each boundary check reads the whole lecture, so only a bounded number of candidates get one (linear time).
        var boundaryChecks = 0;
        bool Clipped(Candidate c) => boundaryChecks++ >= MaxBoundaryChecks || TermBoundaries.IsClipped(Label(c), sentences, cjk);
        var chosen = new List<Candidate>();
        var others = new List<Candidate>();
        foreach (var candidate in ranked)
        {
            if (others.Count >= MaxOthers)
            {
                break;
            }
            // Of two overlapping candidates only one stays: the one taken first, unless the other contains it and is defined at
            // least as plainly (two-stage cooling replaces cooling, 全量备份 replaces 备份); a part is never kept beside its whole.
            var overlapping = chosen.Concat(others).Where(c => Overlaps(c.Key, candidate.Key, cjk)).ToList();
            if (overlapping.Count > 0)
            {
                if (candidate.Strength < 2 || !overlapping.All(c => Contains(candidate.Key, c.Key, cjk) && c.Strength <= candidate.Strength)
                    || Clipped(candidate))
                {
                    continue;
                }
                foreach (var part in overlapping)
                {
                    var list = chosen.Contains(part) ? chosen : others;
                    list[list.IndexOf(part)] = candidate;
                }
                chosen = chosen.Distinct().ToList();
                others = others.Distinct().ToList();
                continue;
            }
            if (Clipped(candidate))
            {
                continue;
            }
            // Definitions are found, not assumed: a term the lecture never defines needs a high score, and such terms are
            // at most a share of the glossary.
            var undefinedFull = candidate.Strength < 2
                && (candidate.Score < top * _options.MinUndefinedScore || chosen.Count(c => c.Strength < 2) >= Math.Max(1, (int)(limit * _options.MaxUndefinedShare)));
            // A term the lecture plainly defines ("X is the …", "X means …") is one of its concepts past the per-sentence limit.
            var overLimit = chosen.Count >= (candidate.Strength >= DefinitionFinder.Medium ? _options.MaxConcepts : limit);
            var full = overLimit || undefinedFull || (candidate.Score < top * _options.MinRelativeScore && chosen.Count >= _options.MinConcepts);
            (full ? others : chosen).Add(candidate);
        }

        // A chosen part that mostly occurs inside one longer candidate is that candidate said in full (cooling → two-stage cooling).
        for (var i = 0; i < chosen.Count; i++)
        {
            var part = chosen[i];
            var whole = pool
                .Where(c => c.Words > part.Words && c.Sentences.Count >= 2 && c.Sentences.Count * 2 >= part.Sentences.Count && Contains(c.Key, part.Key, cjk)
                    && (!c.NeedsDefinition || c.Strength >= 2) && (!c.HasVerb || c.Nominal) && c.Strength >= part.Strength - 1)
                .OrderByDescending(c => c.Sentences.Count).ThenByDescending(c => c.Score)
                .FirstOrDefault(c => !Clipped(c));
            if (whole is not null && !chosen.Any(c => c != part && Overlaps(c.Key, whole.Key, cjk)))
            {
                whole.Score = Math.Max(whole.Score, part.Score);
                chosen[i] = whole;
            }
        }
        // A part the lecture says mostly inside a longer phrase that could not stand for it is a fragment of that phrase.
        chosen.RemoveAll(part => pool.Any(c => c.Words > part.Words && c.Sentences.Count >= 2 && c.Sentences.Count * 3 >= part.Sentences.Count * 2 && Contains(c.Key, part.Key, cjk)));

        var definitions = DefinitionFinder.Find(chosen.Select(c => (Label(c), (IReadOnlyList<int>)c.Sentences)).ToList(), sentences, cjk);
        var concepts = chosen
            .Select((c, i) => new Concept(c.Key, Label(c), Math.Round(c.Score, 3), c.Sentences.Select(s => sentences[s].Index).ToList(), definitions[i]))
            .ToList();
        var rest = others.Select(c => new Concept(c.Key, Label(c), Math.Round(c.Score, 3), c.Sentences.Select(s => sentences[s].Index).ToList(), null)).ToList();
        var mentions = names
            .Select(n => new NamedMention(n.Key, n.Value.Select(s => sentences[s].Index).ToList()))
            .OrderBy(n => n.Sentences[0])
            .ToList();
        return new ConceptSet(concepts, rest, mentions);
    }

    private static void Candidates(string sentence, bool cjk, ProperNouns proper, List<PhraseCandidate> phrases, List<NameMention> names)
    {
        if (cjk || sentence.Any(TextScript.IsCjk))
        {
            CjkPhrases.Find(sentence, phrases, names);
        }
        else
        {
            EnglishPhrases.Find(sentence, proper, phrases, names);
        }
    }

    /// <summary>
    /// Two-word English candidates whose first word classifies the noun rather than describing it: the lecture names several
    /// kinds of that noun, and says the modifier with this noun in at least <see cref="TermBoundaries.BoundShare"/> of its
    /// uses before one (annual leave beside sick leave). A describing adjective goes with many nouns (raw meat, raw food); a
    /// classifier and its noun are one name, as bound as the parts of a clipped term.
    /// </summary>
    private static HashSet<string> Classified(List<Candidate> pool)
    {
        var pairs = pool.Select(c => (c.Key, Words: c.Key.Split(' '), Uses: c.Sentences.Count)).Where(p => p.Words.Length == 2).ToList();
        var kinds = pairs.GroupBy(p => p.Words[1]).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var uses = pairs.GroupBy(p => p.Words[0]).ToDictionary(g => g.Key, g => g.Sum(p => p.Uses), StringComparer.Ordinal);
        return pairs
            .Where(p => kinds[p.Words[1]] >= 2 && p.Uses >= TermBoundaries.BoundShare * uses[p.Words[0]])
            .Select(p => p.Key)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>How the lecture says a term where it defines it, else the most frequent way it says it.</summary>
    private static string Label(Candidate candidate) => candidate.DefinedAs ??
        candidate.Surfaces.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key;

    /// <summary>Words of names (English: each word; CJK: the name), which no term may contain.</summary>
    private static HashSet<string> NameWords(IEnumerable<string> names, bool cjk) =>
        cjk
            ? names.Select(CjkPhrases.Key).ToHashSet(StringComparer.Ordinal)
            : names.SelectMany(n => n.Split(' ')).Select(w => Analysis.TermAnalyzer.Stem(w.ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);

    /// <summary>For each candidate, the longer candidates that contain it (by words for English, by characters for CJK).</summary>
    private static Dictionary<string, List<Candidate>> Containers(List<Candidate> pool, bool cjk)
    {
        var byKey = pool.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var result = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        foreach (var candidate in pool.Where(c => c.Words > 1))
        {
            foreach (var inner in Inner(candidate.Key, cjk).Distinct())
            {
                if (byKey.ContainsKey(inner))
                {
                    if (!result.TryGetValue(inner, out var list))
                    {
                        result[inner] = list = [];
                    }
                    list.Add(candidate);
                }
            }
        }
        return result;
    }

    /// <summary>Every shorter contiguous part of a key: word sequences for English, substrings of two or more characters for CJK.</summary>
    private static IEnumerable<string> Inner(string key, bool cjk)
    {
        if (cjk)
        {
            for (var length = 2; length < key.Length; length++)
            {
                for (var i = 0; i + length <= key.Length; i++)
                {
                    yield return key.Substring(i, length);
                }
            }
            yield break;
        }
        var words = key.Split(' ');
        for (var length = 1; length < words.Length; length++)
        {
            for (var i = 0; i + length <= words.Length; i++)
            {
                yield return string.Join(' ', words, i, length);
            }
        }
    }

    /// <summary>Whether a term is one that stands alone as a single word: an acronym or hyphenated compound, or a rare CJK word said often.</summary>
    private static bool StandsAlone(Candidate candidate, bool cjk)
    {
        var label = Label(candidate);
        if (cjk)
        {
            ChineseLexicon.Shared.TryGet(candidate.Key, out _, out var frequency);
            return candidate.Sentences.Count >= 3 && frequency <= RareWordFrequency && label.Length >= 2;
        }
        return ProperNouns.IsAcronym(label) || (label.Contains('-') && candidate.Sentences.Count >= 2);
    }

    /// <summary>
    /// A single everyday word (目标, 原则; tree, movements) that only an "X is…/X是…" sentence puts forward: a plain statement,
    /// not a definition. CJK: common in jieba's corpus; English: a general noun (<see cref="EnglishWords.IsGeneral"/>).
    /// </summary>
    private static bool Everyday(Candidate candidate, bool cjk)
    {
        if (candidate.Strength >= DefinitionFinder.Strong)
        {
            return false;
        }
        if (!cjk)
        {
            return EnglishWords.IsGeneral(candidate.Key, Label(candidate));
        }
        ChineseLexicon.Shared.TryGet(candidate.Key, out _, out var frequency);
        return frequency > EverydayWordFrequency;
    }

    private static bool Contains(string longer, string shorter, bool cjk) =>
        longer.Length > shorter.Length && (cjk ? longer.Contains(shorter, StringComparison.Ordinal) : $" {longer} ".Contains($" {shorter} ", StringComparison.Ordinal));

    private static bool Overlaps(string a, string b, bool cjk) =>
        cjk ? a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal)
            : $" {a} ".Contains($" {b} ", StringComparison.Ordinal) || $" {b} ".Contains($" {a} ", StringComparison.Ordinal);

    /// <summary>
    /// How specific a candidate is without a library: CJK by how rare its rarest word is in general usage (a compound of
    /// common words is as specific as the compound); English single words that are general nouns count little.
    /// </summary>
    private static double Specificity(Candidate candidate, bool cjk)
    {
        if (cjk)
        {
            var lexicon = ChineseLexicon.Shared;
            var max = Math.Log(lexicon.TotalFrequency);
            var rarity = lexicon.Contains(candidate.Key) || candidate.Words == 1 ? lexicon.Rarity(candidate.Key) : max;
            return Math.Pow(Math.Clamp(rarity / max, 0.05, 1), 2);
        }
        if (candidate.Words == 1 && EnglishWords.IsGeneral(candidate.Key, Label(candidate)))
        {
            return 0.15;
        }
        return 1.0;
    }
}
