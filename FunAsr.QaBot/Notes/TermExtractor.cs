using FunAsr.Text.Scripts;
using System.Text.RegularExpressions;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// Key terms of a lecture. Latin text: RAKE-style candidate phrases (runs of content words between stop words and punctuation).
/// Chinese: maximal character n-grams (2–4) that recur, not starting or ending with a function character. Acronyms count in both.
/// </summary>
public static partial class TermExtractor
{
    private static readonly HashSet<string> EnglishStop = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "from", "by", "with", "into", "as", "is", "are",
        "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "you", "your", "we", "our", "they", "their",
        "he", "she", "i", "me", "my", "us", "them", "will", "can", "may", "must", "should", "would", "could", "shall", "do", "does", "did",
        "not", "no", "so", "than", "then", "there", "here", "have", "has", "had", "any", "all", "each", "every", "only", "also", "just",
        "about", "after", "before", "when", "which", "who", "what", "how", "up", "out", "once", "more", "most", "other", "some", "such",
        "very", "own", "same", "let", "let's", "get", "gets", "one", "two", "three", "four", "five", "six", "ten", "first", "next",
        "per", "least", "always", "never", "please", "make", "clear", "well", "good", "morning", "everyone", "thank", "like", "even",
        "within", "over", "under", "above", "below", "longer", "more", "less", "including", "instead", "able", "want", "know", "don't",
    };

    /// <summary>Frequent words of any Chinese workplace talk: recurring, but not terms of this lecture.</summary>
    private static readonly HashSet<string> ChineseCommonWords =
    [
        "公司", "员工", "必须", "需要", "信息", "大家", "工作", "可以", "我们", "今天", "时候", "如果", "或者", "以上", "之内", "一般", "每年",
        "每天", "所有", "任何", "部门", "提交", "申请", "进行", "已经", "没有", "什么", "这个", "那个", "这些", "自己", "其他", "相关", "情况",
        "问题", "内容", "部分", "超过", "直属", "领导", "系统", "当天", "个人", "不能", "不得", "就是", "一定", "现在", "之前", "以后",
    ];

    /// <summary>Particles that join words; an n-gram containing one spans a word boundary.</summary>
    private static readonly char[] ChineseParticles = ['的', '了', '里', '在', '是', '和', '与', '或', '把', '被', '让', '给', '都', '也', '就', '着', '过'];

    private const string ChineseFunctionCharacters = "的了和与及或是在要有也就都而个们这那我你他她它会可以不对为从到把被让给请将并且但等如果因为所以还需能后前时上下中内外里每一";

    private static readonly HashSet<string> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "days", "weeks", "months", "years", "hours", "dollars", "percent", "hundred", "thousand", "twenty", "thirty", "forty", "fifty",
        "sixty", "seventy", "eighty", "ninety", "eleven", "twelve", "fourteen", "fifteen", "sixteen", "seven", "eight", "nine",
    };

    public static List<(string Term, int Count)> Extract(IReadOnlyList<string> sentences, int top)
    {
        var phrases = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            foreach (var phrase in LatinPhrases(sentence))
            {
                phrases[phrase] = phrases.GetValueOrDefault(phrase) + 1;
            }
            // Acronyms and capitalised words inside a sentence are names of systems, teams and tools (VPN, Workday).
            foreach (Match name in ProperName().Matches(sentence))
            {
                if (name.Index > 0 && !EnglishStop.Contains(name.Value))
                {
                    names[name.Value] = names.GetValueOrDefault(name.Value) + 1;
                }
            }
        }
        // A single common word is rarely a term; a recurring multi-word phrase or a name is.
        var multiWord = phrases.Where(c => c.Value >= 2 && c.Key.Contains(' ') && !c.Key.Split(' ').Any(NumberWords.Contains)).ToList();
        // A name that is a word of a kept phrase is that phrase's; a set of those words keeps this linear in the lecture.
        var phraseWords = new HashSet<string>(multiWord.SelectMany(p => p.Key.Split(' ')), StringComparer.OrdinalIgnoreCase);
        var latin = multiWord
            .Select(c => (Term: c.Key, c.Value, Score: 2.0 * c.Value))
            .Concat(names
                .Where(n => !phraseWords.Contains(n.Key))
                .Select(c => (Term: c.Key, c.Value, Score: 1.5 * c.Value)));
        // Longer recurring n-grams are far more likely to be terms than two-character words.
        var chinese = ChineseTerms(sentences).Select(c => (c.Term, c.Count, Score: c.Count * Math.Pow(c.Term.Length - 1, 1.5)));
        return latin.Concat(chinese)
            .OrderByDescending(t => t.Score)
            .ThenBy(t => t.Term, StringComparer.Ordinal)
            .Take(top)
            .Select(t => (t.Term, t.Item2))
            .ToList();
    }

    private static IEnumerable<string> LatinPhrases(string sentence)
    {
        foreach (Match run in LatinRun().Matches(sentence))
        {
            var phrase = new List<string>();
            foreach (var word in run.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(""))
            {
                if (word.Length > 2 && !EnglishStop.Contains(word) && !word.All(char.IsDigit))
                {
                    phrase.Add(word);
                    continue;
                }
                if (phrase.Count is > 0 and <= 3 && !(phrase.Count == 1 && phrase[0].Length < 5))
                {
                    yield return string.Join(' ', phrase).ToLowerInvariant();
                }
                phrase.Clear();
            }
        }
    }

    private static IEnumerable<(string Term, int Count)> ChineseTerms(IReadOnlyList<string> sentences)
    {
        var counts = new Dictionary<string, int>();
        foreach (var sentence in sentences)
        {
            foreach (Match run in CjkRun().Matches(sentence))
            {
                var text = run.Value;
                for (var length = 2; length <= 4; length++)
                {
                    for (var i = 0; i + length <= text.Length; i++)
                    {
                        var gram = text.Substring(i, length);
                        if (!ChineseFunctionCharacters.Contains(gram[0]) && !ChineseFunctionCharacters.Contains(gram[^1])
                            && gram.IndexOfAny(ChineseParticles) < 0)
                        {
                            counts[gram] = counts.GetValueOrDefault(gram) + 1;
                        }
                    }
                }
            }
        }
        var frequent = counts.Where(c => c.Value >= 2 && !ChineseCommonWords.Contains(c.Key)).ToDictionary();
        // Keep only maximal n-grams: a shorter one that always occurs inside a longer one is not a term of its own. Each
        // n-gram marks its own shorter pieces, instead of every pair being compared (quadratic in a long lecture).
        var dominated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (gram, count) in frequent)
        {
            for (var length = 2; length < gram.Length; length++)
            {
                for (var i = 0; i + length <= gram.Length; i++)
                {
                    var piece = gram.Substring(i, length);
                    if (frequent.TryGetValue(piece, out var pieceCount) && count >= pieceCount) dominated.Add(piece);
                }
            }
        }
        return frequent
            .Where(c => !dominated.Contains(c.Key))
            .Select(c => (c.Key, c.Value));
    }

    public static bool IsLatin(string term) => !term.Any(TextScript.IsCjk);

    [GeneratedRegex(@"[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*)*")]
    private static partial Regex LatinRun();

    [GeneratedRegex(@"\b(?:[A-Z]{2,6}|[A-Z][a-z]{3,})\b")]
    private static partial Regex ProperName();

    [GeneratedRegex(@"[\u4E00-\u9FFF]+")]
    private static partial Regex CjkRun();
}
