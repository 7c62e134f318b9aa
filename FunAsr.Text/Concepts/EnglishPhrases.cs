using System.Text.RegularExpressions;
using FunAsr.Text.Analysis;

namespace FunAsr.Text.Concepts;

/// <summary>
/// Candidate terms of English sentences: noun phrases of one to four words between function words, verbs, adverbs and
/// numbers ("audit trail", "sit-stand desk"), and "X of Y" ("segregation of duties"). An -ing or -ed word starts a phrase only
/// after a determiner ("the cutting board", not "wearing gloves"), and an -ed word never ends one. Names are words the
/// lecture only ever writes capitalised (<see cref="ProperNouns"/>): they break phrases and are reported as mentions.
/// Keys are the words' stems, so "audit trails" and "audit trail" are one term.
/// </summary>
public static partial class EnglishPhrases
{
    private const int MaxWords = 4;

    private enum Kind : byte { Break, Content, Modifier, Gerund, Participle }


    private readonly record struct Token(string Text, string Lower, int Offset, Kind Kind);

    private static readonly HashSet<string> EdNouns = new(StringComparer.Ordinal) { "speed", "breed", "greed", "embed", "hatred", "kindred", "shred" };

    private static readonly HashSet<string> IngNouns = new(StringComparer.Ordinal) { "thing", "string", "ceiling", "spring", "ring", "king", "wing", "sibling" };

    public static void Find(string sentence, ProperNouns properNouns, List<PhraseCandidate> phrases, List<NameMention> names)
    {
        var first = true;
        foreach (Match clause in Clause().Matches(sentence))
        {
            var tokens = new List<Token>();
            foreach (Match word in WordPattern().Matches(clause.Value))
            {
                var text = StripPossessive(word.Value);
                var lower = text.ToLowerInvariant();
                tokens.Add(new Token(text, lower, clause.Index + word.Index, Classify(text, lower, properNouns)));
            }
            for (var i = 1; i < tokens.Count; i++)
            {
                if (NounInPhrase(tokens, i))
                {
                    tokens[i] = tokens[i] with { Kind = Kind.Content };
                }
            }
            for (var i = 0; i < tokens.Count; i++)
            {
                if (VerbInContext(tokens, i, first))
                {
                    tokens[i] = tokens[i] with { Kind = Kind.Break };
                }
            }
            first = false;
            AddNames(tokens, properNouns, names);
            AddPhrases(tokens, phrases);
        }
    }

    /// <summary>The key of an English phrase: its words' stems.</summary>
    public static string Key(string phrase) =>
        string.Join(' ', WordPattern().Matches(phrase).Select(m => m.Value.ToLowerInvariant() is var w && w == "of" ? w : TermAnalyzer.Stem(StripPossessive(w))));

    private static string StripPossessive(string word) =>
        word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || word.EndsWith("’s", StringComparison.OrdinalIgnoreCase) ? word[..^2] : word.TrimEnd('\'', '’');

    private static Kind Classify(string text, string lower, ProperNouns properNouns)
    {
        if (NumberCompound().IsMatch(lower))
        {
            return Kind.Content; // "30-day", "24-hour": a count that is part of a compound (a 30-day return window)
        }
        if (lower.Length < 2 && !ProperNouns.IsAcronym(text) || char.IsDigit(lower[0]) || EnglishWords.IsFunction(lower) || properNouns.IsProper(lower)
            || (lower.Contains('-') && lower.Split('-').All(EnglishWords.IsFunction)))
        {
            return Kind.Break;
        }
        if (ProperNouns.IsAcronym(text) || (lower.Contains('-') && !EnglishWords.IsVerb(lower)))
        {
            return Kind.Content; // hyphenated words are compounds (colour-coded, ready-to-eat), whatever their ending
        }
        var lexicon = EnglishLexicon.Shared;
        // Superlatives and comparatives judge rather than classify: "the best posture" is not a kind of posture.
        if (EnglishWords.IsAdverb(lower) || EnglishWords.IsVerb(lower) || lexicon.IsComparative(lower) || OnlyAdverb(lower))
        {
            return Kind.Break;
        }
        if (lower.Length >= 5 && lower.EndsWith("ed", StringComparison.Ordinal) && !EdNouns.Contains(lower))
        {
            return Kind.Participle;
        }
        if (lower.Length >= 5 && lower.EndsWith("ing", StringComparison.Ordinal) && !IngNouns.Contains(lower))
        {
            return Kind.Gerund;
        }
        // An adjective that is never a noun may start a term but not end one (acceptable quality limit, not "quality acceptable").
        return lexicon.CanBe(lower, WordClass.Adjective) && !lexicon.CanBe(lower, WordClass.Noun) && !lexicon.CanBe(lower, WordClass.Verb) ? Kind.Modifier : Kind.Content;
    }

    /// <summary>An adverb WordNet knows as nothing else (soon, rather, early is also an adjective).</summary>
    private static bool OnlyAdverb(string lower)
    {
        var lexicon = EnglishLexicon.Shared;
        return lexicon.CanBe(lower, WordClass.Adverb) && !lexicon.CanBe(lower, WordClass.Noun) && !lexicon.CanBe(lower, WordClass.Adjective) && !lexicon.CanBe(lower, WordClass.Verb);
    }

    /// <summary>
    /// A verb-like word that is also a noun is a noun where a noun phrase has begun: between a determiner and a noun it
    /// modifies that noun ("the build pipeline", "a check sheet"), and after an adjective it heads the phrase ("annual leave",
    /// "sick leave", though WordNet's corpus tags leave as a verb 414 times to 3): neither a determiner nor an adjective is
    /// followed by a verb.
    /// </summary>
    private static bool NounInPhrase(List<Token> tokens, int i)
    {
        var lower = tokens[i].Lower;
        if (tokens[i].Kind != Kind.Break || EnglishWords.IsFunction(lower) || !EnglishWords.IsVerb(lower) || !EnglishLexicon.Shared.CanBe(lower, WordClass.Noun))
        {
            return false;
        }
        var previous = tokens[i - 1];
        return (previous.Kind != Kind.Break && MostlyAdjective(previous.Lower))
            || (i + 1 < tokens.Count && tokens[i + 1].Kind == Kind.Content && EnglishWords.Determiners.Contains(previous.Lower));
    }

    /// <summary>A word WordNet's corpus tags as an adjective more often than as a noun or a verb (annual, sick, raw).</summary>
    private static bool MostlyAdjective(string lower)
    {
        var lexicon = EnglishLexicon.Shared;
        var adjective = lexicon.Count(lower, WordClass.Adjective);
        return adjective >= 0 && adjective > lexicon.Count(lower, WordClass.Noun) && adjective > lexicon.Count(lower, WordClass.Verb);
    }

    /// <summary>
    /// A word the context makes a verb: right after a modal, "please" or a subject pronoun (you report, we check), after "to"
    /// when it is more often a verb than a noun (to record; not due to fatigue), or opening an imperative sentence: a verb
    /// form first, then words none of which is more likely a verb (Report discomfort early. Wash hands before …; but Change
    /// requests go to the board, Risk registers help).
    /// </summary>
    private static bool VerbInContext(List<Token> tokens, int i, bool opensSentence)
    {
        var lower = tokens[i].Lower;
        if (tokens[i].Kind == Kind.Break || !EnglishLexicon.Shared.Lists(lower, WordClass.Verb))
        {
            return false;
        }
        if (i > 0 && EnglishWords.VerbContext.Contains(tokens[i - 1].Lower))
        {
            return true;
        }
        if (i > 0 && tokens[i - 1].Lower == "to")
        {
            return LikelyVerb(lower);
        }
        if (!opensSentence || i > 0 && !EnglishWords.Openers.Contains(tokens[i - 1].Lower) || i + 1 >= tokens.Count || !LikelyVerb(lower))
        {
            return false;
        }
        for (var k = i + 1; k < tokens.Count; k++)
        {
            if (LikelyVerb(tokens[k].Lower))
            {
                return false;
            }
            if (tokens[k].Kind == Kind.Break)
            {
                break;
            }
        }
        return true;
    }

    /// <summary>A finite verb, or a word the corpus tagged as a verb at least as often as as a noun.</summary>
    private static bool LikelyVerb(string lower)
    {
        if (EnglishWords.IsFiniteVerb(lower) || EnglishWords.IsVerb(lower))
        {
            return true;
        }
        var lexicon = EnglishLexicon.Shared;
        var verb = lexicon.Count(lower, WordClass.Verb);
        return verb > 0 && verb >= lexicon.Count(lower, WordClass.Noun);
    }

    private static void AddNames(List<Token> tokens, ProperNouns properNouns, List<NameMention> names)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!properNouns.IsProper(tokens[i].Lower))
            {
                continue;
            }
            var j = i;
            while (j + 1 < tokens.Count && properNouns.IsProper(tokens[j + 1].Lower))
            {
                j++;
            }
            names.Add(new NameMention(string.Join(' ', tokens.Skip(i).Take(j - i + 1).Select(t => t.Text)), tokens[i].Offset));
            i = j;
        }
    }

    private static void AddPhrases(List<Token> tokens, List<PhraseCandidate> phrases)
    {
        var runs = new List<(int Start, int End)>(); // [Start, End)
        for (var i = 0; i < tokens.Count;)
        {
            if (tokens[i].Kind == Kind.Break)
            {
                i++;
                continue;
            }
            var start = i;
            while (i < tokens.Count && tokens[i].Kind != Kind.Break)
            {
                i++;
            }
            var end = i;
            // A leading -ing/-ed word is a verb unless a determiner comes first (a subject gerund may open the clause).
            var afterDeterminer = start > 0 && EnglishWords.Determiners.Contains(tokens[start - 1].Lower);
            while (start < end && !afterDeterminer && (tokens[start].Kind == Kind.Participle || (tokens[start].Kind == Kind.Gerund && start > 0)))
            {
                start++;
            }
            while (end > start && tokens[end - 1].Kind is Kind.Participle or Kind.Modifier)
            {
                end--;
            }
            if (start < end)
            {
                runs.Add((start, end));
            }
        }
        foreach (var (start, end) in runs)
        {
            for (var i = start; i < end; i++)
            {
                for (var j = i; j < end && j < i + MaxWords; j++)
                {
                    if (tokens[j].Kind is Kind.Participle or Kind.Modifier || (i == j && !ProperNouns.IsAcronym(tokens[i].Text) && tokens[i].Lower.Length < 3)
                        || (j == i && char.IsDigit(tokens[i].Lower[0])) || char.IsDigit(tokens[j].Lower[0]))
                    {
                        continue;
                    }
                    Add(tokens, i, j, phrases);
                }
            }
        }
        // "X of Y": a head noun, "of", and a noun phrase with no determiner between.
        for (var r = 0; r + 1 < runs.Count; r++)
        {
            var (aStart, aEnd) = runs[r];
            var (bStart, bEnd) = runs[r + 1];
            if (bStart != aEnd + 1 || tokens[aEnd].Lower != "of" || tokens[aEnd - 1].Kind is Kind.Participle or Kind.Modifier)
            {
                continue;
            }
            for (var i = Math.Max(aStart, aEnd - 2); i < aEnd; i++)
            {
                for (var j = bStart; j < Math.Min(bEnd, bStart + 2); j++)
                {
                    if (tokens[j].Kind is not (Kind.Participle or Kind.Modifier))
                    {
                        Add(tokens, i, j, phrases);
                    }
                }
            }
        }
    }

    private static void Add(List<Token> tokens, int i, int j, List<PhraseCandidate> phrases)
    {
        var words = tokens.Skip(i).Take(j - i + 1).ToList();
        var surface = string.Join(' ', words.Select(w => ProperNouns.IsAcronym(w.Text) ? w.Text : w.Lower));
        var key = string.Join(' ', words.Select(w => w.Lower == "of" ? "of" : ProperNouns.IsAcronym(w.Text) ? w.Lower : TermAnalyzer.Stem(w.Lower)));
        var person = EnglishWords.People.Contains(TermAnalyzer.Stem(words[^1].Lower));
        phrases.Add(new PhraseCandidate(key, surface, words.Count(w => w.Lower != "of"), HasVerb: false, Nominal: true, tokens[i].Offset, NeedsDefinition: person));
    }

    // Runs of words with single spaces between them: punctuation ends a clause.
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}'’\-]+(?:[ \t]+[\p{L}\p{M}\p{N}'’\-]+)*")]
    private static partial Regex Clause();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*['’]?")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^\d+(?:-[a-z]+)+$")]
    private static partial Regex NumberCompound();
}

/// <summary>
/// Words a lecture only ever writes with a capital, and at least once inside a sentence (Marcus, Okafor, Harborline): names of
/// people, companies and places.
/// Acronyms (VPN, HACCP) are terms, not names, and are never counted here.
/// </summary>
public sealed partial class ProperNouns
{
    private readonly HashSet<string> _proper;

    private ProperNouns(HashSet<string> proper) => _proper = proper;

    public static ProperNouns Empty { get; } = new([]);

    public bool IsProper(string lower) => _proper.Contains(lower);

    public static bool IsAcronym(string word) => Acronym().IsMatch(word);

    public static ProperNouns From(IEnumerable<string> sentences)
    {
        var capitalised = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowercase = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            var first = true;
            foreach (Match word in Word().Matches(sentence))
            {
                var text = word.Value.EndsWith("'s", StringComparison.Ordinal) || word.Value.EndsWith("’s", StringComparison.Ordinal) ? word.Value[..^2] : word.Value;
                // A capital that opens a sentence (or follows a colon or an opening quote) says nothing about the word.
                var opening = first || (word.Index >= 2 && sentence[word.Index - 2] is ':' or '"' or '“') || (word.Index >= 1 && sentence[word.Index - 1] is '"' or '“');
                first = false;
                if (text.Length < 2 || IsAcronym(text) || !char.IsLetter(text[0]))
                {
                    continue;
                }
                var lower = text.ToLowerInvariant();
                if (char.IsUpper(text[0]))
                {
                    if (!opening)
                    {
                        capitalised[lower] = capitalised.GetValueOrDefault(lower) + 1;
                    }
                }
                else
                {
                    lowercase.Add(lower);
                }
            }
        }
        var proper = capitalised.Keys
            .Where(w => !lowercase.Contains(w) && !EnglishWords.IsFunction(w) && !EnglishWords.IsVerb(w) && w != "i")
            .ToHashSet(StringComparer.Ordinal);
        return new ProperNouns(proper);
    }

    [GeneratedRegex(@"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z0-9][A-Z0-9&]*[a-z]?$")]
    private static partial Regex Acronym();

    [GeneratedRegex(@"[\p{L}][\p{L}\p{N}]*(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex Word();
}
