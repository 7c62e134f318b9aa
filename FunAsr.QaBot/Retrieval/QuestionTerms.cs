using System.Text.RegularExpressions;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// Turns a question into search terms: the question words themselves ("how many", "多少") say nothing about where the
/// answer is, and in Chinese they would otherwise form bigrams with the content words around them.
/// </summary>
public sealed partial class QuestionTerms
{
    private static readonly string[] EnglishQuestionWords =
    [
        "what", "whats", "how", "many", "much", "when", "where", "who", "whom", "whose", "which", "why", "do", "does", "did",
        "can", "could", "should", "would", "shall", "may", "might", "must", "i", "we", "you", "my", "our", "your", "me", "us",
        "get", "have", "has", "had", "am", "tell", "about", "any", "there", "here", "need", "one", "someone", "anyone", "happen",
    ];

    private readonly MixedScriptAnalyzer _analyzer;
    private readonly HashSet<string> _englishStop;

    public QuestionTerms(MixedScriptAnalyzer analyzer)
    {
        _analyzer = analyzer;
        _englishStop = EnglishQuestionWords.SelectMany(analyzer.Tokens).ToHashSet();
    }

    public List<string> For(string question)
    {
        var text = ChineseQuestionWords().Replace(question, " ");
        var tokens = _analyzer.Tokens(text).Where(t => !_englishStop.Contains(t)).ToList();
        return tokens.Count > 0 ? tokens : _analyzer.Tokens(question);
    }

    // Interrogatives, particles and politeness formulas of spoken Mandarin questions.
    [GeneratedRegex("请问|什么样|什么|为什么|多少|多久|多长|怎么样|怎么|怎样|如何|哪些|哪个|哪里|哪儿|哪|是否|是不是|能不能|可不可以|可以吗|有没有|吗|呢|吧|几|谁|我们|我|你们|你|应该|需要|的|了")]
    private static partial Regex ChineseQuestionWords();
}
