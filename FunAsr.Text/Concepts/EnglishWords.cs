using FunAsr.Text.Analysis;

namespace FunAsr.Text.Concepts;

/// <summary>
/// Closed word classes of English that a noun phrase never contains, beyond the shared <see cref="StopWords"/>: function
/// words, adverbs, verbs that are rarely nouns (from <see cref="EnglishLexicon"/>), and general nouns (as stems) too vague
/// to be a glossary term on their own (time, way, people). Adjectives ending in -ly are listed so the -ly adverb rule spares them.
/// </summary>
public static class EnglishWords
{
    public static readonly IReadOnlySet<string> Function = new HashSet<string>(StringComparer.Ordinal)
    {
        "above", "across", "against", "along", "among", "around", "before", "behind", "below", "beneath", "beside", "between",
        "beyond", "during", "except", "inside", "near", "off", "outside", "over", "past", "since", "through", "throughout", "toward",
        "towards", "under", "until", "upon", "via", "within", "without", "after", "because", "although", "though", "unless",
        "whether", "while", "nor", "yet", "not", "no", "many", "much", "more", "most", "few", "fewer", "less", "least", "several",
        "enough", "none", "nothing", "something", "anything", "everything", "someone", "anyone", "everyone", "somebody",
        "nobody", "everybody", "always", "never", "often", "sometimes", "still", "even", "ever", "already", "soon", "later",
        "instead", "rather", "quite", "almost", "perhaps", "maybe", "else", "away", "back", "down", "together", "anyway",
        "otherwise", "therefore", "however", "thus", "hence", "also", "here", "there", "yes", "hello", "hi", "thanks", "thank",
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty",
        "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "first", "second", "third", "next",
        "last", "don't", "can't", "won't", "isn't", "aren't", "wasn't", "weren't", "doesn't", "didn't", "shouldn't", "wouldn't",
        "couldn't", "you're", "we're", "they're", "that's", "there's", "what's", "here's", "i'm", "you'll", "we'll", "they'll",
        "you've", "we've", "they've", "i've", "i'd", "you'd", "we'd", "must", "ought", "need", "needs", "sure", "able", "unable",
        "whatever", "whenever", "wherever", "whoever", "itself", "yourself", "yourselves", "ourselves", "themselves", "himself",
        "herself", "myself", "mine", "yours", "ours", "theirs", "per", "etc", "ok", "today", "tomorrow", "yesterday", "tonight",
        "now", "soon", "ago", "later", "once", "twice", "whole", "half", "both", "neither", "either", "certain", "various",
        "different", "same", "such", "new", "old", "good", "bad", "big", "small", "great", "little", "long", "short", "high", "low",
        "important", "possible", "real", "right", "wrong", "true", "false", "easy", "hard", "simple", "main", "clear", "usual",
        "whose", "okay", "mr", "mrs", "ms", "dr",
    };

    /// <summary>A verb the corpus tagged at least this often, and this many times as often as anything else, is a verb.</summary>
    private const int MostlyVerbCount = 30;
    private const int MostlyVerbRatio = 10;

    /// <summary>
    /// A form of a verb that is rarely anything else (include, requires, took, identified): by <see cref="EnglishLexicon"/>,
    /// WordNet lists it only as a verb form, or its corpus tagged it as a verb ten times as often as as a noun or adjective,
    /// and often. An -ing form is never one here (gerunds name things), nor an -ed form WordNet lists as an adjective (approved).
    /// </summary>
    public static bool IsVerb(string lower)
    {
        if (lower.EndsWith("ing", StringComparison.Ordinal))
        {
            return false;
        }
        var lexicon = EnglishLexicon.Shared;
        var verb = lexicon.Count(lower, WordClass.Verb);
        if (verb < 0)
        {
            return false;
        }
        var other = Math.Max(lexicon.Count(lower, WordClass.Noun), lexicon.Lists(lower, WordClass.Adjective) ? lexicon.Count(lower, WordClass.Adjective) : -1);
        return other < 0 || (verb >= MostlyVerbCount && verb >= MostlyVerbRatio * (other + 1));
    }

    /// <summary>
    /// A noun WordNet's corpus tagged at least this often is everyday English (tree 107, movement 69, team 51), not a term
    /// alone. Chosen on the tuning and development sets: the geometric middle between the most frequent single-word
    /// reference term (probe 9) and the least frequent everyday word that was taken for one (team 51).
    /// </summary>
    private const int EverydayNounCount = 20;

    /// <summary>A single word too general to be a glossary term alone: a listed general noun (by stem) or an everyday noun.</summary>
    public static bool IsGeneral(string stem, string word)
    {
        var lower = word.ToLowerInvariant();
        return GeneralNouns.Contains(stem) || (!ProperNouns.IsAcronym(word) && EnglishLexicon.Shared.Count(lower, WordClass.Noun) >= EverydayNounCount);
    }

    /// <summary>
    /// A phrase whose modifiers are nouns (purchase order, work package, segregation of duties), not adjectives (raw meat,
    /// full day, critical part): the shape of an English term a lecture uses without defining it.
    /// </summary>
    public static bool IsNounCompound(string phrase)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 1 && words.SkipLast(1).Where(w => w != "of").All(NounModifier);
    }

    private static bool NounModifier(string word)
    {
        if (word.Contains('-') || ProperNouns.IsAcronym(word))
        {
            return true;
        }
        var lower = word.ToLowerInvariant();
        var noun = EnglishLexicon.Shared.Count(lower, WordClass.Noun);
        var adjective = EnglishLexicon.Shared.Count(lower, WordClass.Adjective);
        return noun >= 0 ? noun >= adjective : adjective < 0; // a word the lexicon does not know reads as a noun
    }

    /// <summary>General nouns that say too little to be a term alone (they may still be part of one: "lead time").</summary>
    public static readonly IReadOnlySet<string> GeneralNouns = new HashSet<string>(
        new[]
        {
            "time", "way", "day", "week", "month", "year", "hour", "minut", "second", "moment", "thing", "peopl", "person", "man",
            "woman", "men", "women", "part", "place", "case", "point", "number", "group", "problem", "fact", "lot", "kind", "sort",
            "bit", "end", "side", "exampl", "question", "answer", "team", "compani", "colleagu", "session", "morn", "afternoon",
            "even", "reason", "idea", "area", "step", "rule", "job", "work", "life", "world", "home", "hand", "head", "eye", "face",
            "name", "word", "line", "level", "order", "form", "type", "detail", "inform", "minut", "everyon", "someth", "anyth",
            "noth", "today", "start", "begin", "rest", "half", "differ", "chang", "need", "use", "issu", "stuff", "room", "floor",
            "desk", "offic", "build", "staff", "employe", "manag", "peopl", "custom", "user", "member", "friend", "famili", "guy",
            "lectur", "talk", "cours", "topic", "section", "slide", "note", "list", "item", "option", "choic", "result", "effect",
            "matter", "situat", "thing", "part", "piec", "amount", "total", "cost", "price", "money", "dollar", "percent", "sever",
            "attent", "help", "support", "advic", "tip", "goal", "purpos", "import", "kind", "respons", "way", "chanc", "risk",
            "sens", "system", "process", "polici", "procedur", "train", "everi", "minimum", "maximum", "morning", "weekend",
        }, StringComparer.Ordinal);

    /// <summary>Stems of nouns for people and groups of people: a phrase headed by one (head chef, platform team) is a role, a term only where defined.</summary>
    public static readonly IReadOnlySet<string> People = new HashSet<string>(
        new[]
        {
            "chef", "cook", "team", "manag", "offic", "staff", "owner", "engin", "lead", "leader", "head", "director", "supervisor",
            "nurs", "doctor", "inspector", "colleagu", "member", "depart", "desk", "partner", "agent", "repres", "assist", "worker",
            "employe", "hire", "intern", "trainer", "trainé", "instructor", "coordin", "administr", "specialist", "analyst",
            "consult", "contractor", "vendor", "supplier", "client", "custom", "guest", "patient", "visitor", "user", "group",
            "committe", "board", "panel", "crew", "squad", "unit", "person", "peopl", "everyon", "guy", "folk", "boss", "ceo",
        }, StringComparer.Ordinal);

    /// <summary>Words ending in -ly that are not adverbs.</summary>
    public static readonly IReadOnlySet<string> LyNotAdverbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "family", "supply", "assembly", "reply", "apply", "rely", "ally", "anomaly", "monopoly", "july", "fly", "butterfly",
        "jelly", "belly", "rally", "bully", "holy", "ugly", "daily", "weekly", "monthly", "quarterly", "yearly", "hourly",
        "friendly", "costly", "likely", "unlikely", "elderly", "early", "only", "lonely", "lovely", "silly", "orderly", "curly",
        "italy", "billy", "molly", "polly", "sally", "emily", "kelly", "holly", "lily", "dolly", "jolly", "chilly", "woolly",
    };

    /// <summary>Words right before a noun phrase (so an -ing or -ed word after them modifies a noun rather than being a verb).</summary>
    public static readonly IReadOnlySet<string> Determiners = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "the", "this", "that", "these", "those", "each", "every", "any", "no", "your", "our", "their", "my", "his",
        "her", "its", "some", "another", "other", "which", "what", "whose",
    };

    /// <summary>Words after which a verb comes, not a noun (we check, must report, please wash).</summary>
    public static readonly IReadOnlySet<string> VerbContext = new HashSet<string>(StringComparer.Ordinal)
    {
        "will", "would", "can", "could", "should", "must", "may", "might", "shall", "do", "does", "did", "don't", "doesn't",
        "didn't", "cannot", "can't", "won't", "shouldn't", "wouldn't", "couldn't", "please", "let's", "you", "we", "they", "i",
    };

    /// <summary>Words that may open a sentence before its verb (So report it; Then wash …).</summary>
    public static readonly IReadOnlySet<string> Openers = new HashSet<string>(StringComparer.Ordinal)
    {
        "so", "and", "but", "then", "now", "also", "just", "simply", "always", "never", "please", "okay", "ok", "well", "first", "next", "finally",
    };

    private static readonly HashSet<string> FiniteVerbs = new(StringComparer.Ordinal)
    {
        "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "will", "would", "can", "could", "should", "must",
        "may", "might", "shall", "does", "do", "did", "means", "needs", "isn't", "aren't", "wasn't", "weren't", "doesn't", "don't", "didn't",
    };

    /// <summary>Forms of be, have, do and the modals: a noun phrase before one is its subject.</summary>
    public static bool IsFiniteVerb(string lower) => FiniteVerbs.Contains(lower);

    public static bool IsAdverb(string lower) => lower.Length >= 5 && lower.EndsWith("ly", StringComparison.Ordinal) && !LyNotAdverbs.Contains(lower);

    public static bool IsFunction(string lower) => StopWords.English.Contains(lower) || Function.Contains(lower);
}
