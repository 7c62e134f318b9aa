using System.Globalization;
using System.Text.RegularExpressions;
using FunAsr.Text.Concepts;
using ICU4N.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;

namespace FunAsr.Text.Segmentation;

/// <summary>
/// Splits mixed Chinese, Japanese, Korean and English text into words: Chinese with Lucene's SmartCn (a hidden-Markov-model
/// segmenter over the dictionaries embedded in its assembly, so it loads in any output folder), Japanese (any run with kana)
/// with ICU's dictionary word breaker, Korean at its spaces, Latin words and numbers by their characters.
/// </summary>
public static partial class WordSegmenter
{
    private static readonly Analyzer Chinese = new SmartCnWords();
    private static readonly ThreadLocal<BreakIterator> Japanese = new(() => BreakIterator.GetWordInstance(new CultureInfo("ja")));

    public static List<WordToken> Split(string text)
    {
        var words = new List<WordToken>();
        foreach (Match match in Pieces().Matches(text))
        {
            if (match.Groups["cjk"].Success)
            {
                SplitCjk(match.Value, words);
            }
            else if (match.Groups["num"].Success)
            {
                words.Add(new WordToken(match.Value.Replace(",", ""), WordKind.Number));
            }
            else
            {
                words.Add(new WordToken(match.Value, WordKind.Latin));
            }
        }
        return words;
    }

    private static void SplitCjk(string run, List<WordToken> words)
    {
        if (run.Any(Scripts.TextScript.IsKana))
        {
            var breaker = Japanese.Value!;
            breaker.SetText(run);
            var start = breaker.First();
            for (var end = breaker.Next(); end != BreakIterator.Done; start = end, end = breaker.Next())
            {
                words.Add(new WordToken(run[start..end], WordKind.Cjk));
            }
        }
        else if (run.Any(c => c is >= '\uAC00' and <= '\uD7AF'))
        {
            words.Add(new WordToken(run, WordKind.Cjk));
        }
        else
        {
            var pieces = new List<string>();
            using (var stream = Chinese.GetTokenStream("text", new StringReader(run)))
            {
                var term = stream.AddAttribute<ICharTermAttribute>();
                stream.Reset();
                while (stream.IncrementToken())
                {
                    pieces.Add(term.ToString());
                }
                stream.End();
            }
            JoinLexiconWords(pieces, words);
        }
    }

    /// <summary>
    /// SmartCn's smaller dictionary splits many common words (吃饭 as 吃/饭, 短信 as 短/信, 厨师长 as 厨师/长), differently in
    /// different sentences: adjacent pieces that make one word of jieba's larger dictionary (<see cref="ChineseLexicon"/>, up
    /// to <see cref="MaxJoinedCharacters"/> characters, longest first) are one word, so a question and a lecture that say the
    /// same word meet, and its synonyms and translations are looked up whole.
    /// </summary>
    private static void JoinLexiconWords(List<string> pieces, List<WordToken> words)
    {
        var lexicon = ChineseLexicon.Shared;
        for (var i = 0; i < pieces.Count; i++)
        {
            var taken = 1;
            var length = pieces[i].Length;
            for (var k = 2; i + k <= pieces.Count && (length += pieces[i + k - 1].Length) <= MaxJoinedCharacters; k++)
            {
                if (lexicon.Contains(string.Concat(pieces.GetRange(i, k))))
                {
                    taken = k;
                }
            }
            words.Add(taken == 1
                ? new WordToken(pieces[i], WordKind.Cjk)
                : new WordToken(string.Concat(pieces.GetRange(i, taken)), WordKind.Cjk, pieces.GetRange(i, taken)));
            i += taken - 1;
        }
    }

    private const int MaxJoinedCharacters = 4;

    // The cjk group's ranges are TextScript.IsCjk's, written out because a regex class needs literals.
    // Numbers keep their decimal point and thousands separators and a trailing percent sign; words keep inner apostrophes.
    [GeneratedRegex(@"(?<cjk>[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF\u3040-\u30FF\uAC00-\uD7AF]+)|(?<num>\d+(?:[.,]\d+)*%?)|(?<word>[\p{L}-[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF\u3040-\u30FF\uAC00-\uD7AF]]+(?:['’][\p{L}-[\u4E00-\u9FFF\u3040-\u30FF]]+)*)")]
    private static partial Regex Pieces();

    /// <summary>SmartCn's tokenizer alone: its analyzer would also stem and lower-case, which the shared analysis does for every script.</summary>
    private sealed class SmartCnWords : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
            new(new HMMChineseTokenizer(reader));
    }
}
