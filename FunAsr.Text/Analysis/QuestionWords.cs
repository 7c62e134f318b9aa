using System.Text.RegularExpressions;

namespace FunAsr.Text.Analysis;

/// <summary>
/// The words that make a sentence a question ("how long", "how quickly", 多久, 什么时候, どのくらい): they say what kind of
/// answer is wanted, not where it is, so they are taken out of a question before it is analysed into search terms.
/// Replaced by a space, so the words on either side are never glued into one.
/// </summary>
public static partial class QuestionWords
{
    public static string Strip(string question)
    {
        var text = English().Replace(question, " ");
        text = Chinese().Replace(text, " ");
        return Japanese().Replace(text, " ");
    }

    // "how long/quickly/soon/often/far" ask for a duration or a rate: the adverb is part of the question word.
    [GeneratedRegex(@"\b(?:how\s+(?:long|quickly|soon|often|far|many|much|early|late|fast)|what\s+(?:kind|sort|type)\s+of|is\s+there|are\s+there|(?:can|could|should|do|does|must|may|will|would)\s+(?:i|we|you|they|someone|anyone|one|employees?|staff)|tell\s+me|i\s+want\s+to\s+know|happens?|happened|supposed\s+to|need\s+to|have\s+to|has\s+to|allowed\s+to|someone|anyone|anybody|somebody)\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();

    [GeneratedRegex("请问|想问一下|想问|问一下|什么时候|什么样|什么|为什么|为啥|多少|多久|多长时间|多长|多大|多远|多快|多早|怎么样|怎么办|怎么|怎样|如何|哪些|哪个|哪里|哪儿|哪天|哪|是否|是不是|能不能|可不可以|可以吗|有没有|要不要|需不需要|会不会|几|谁|应该|需要|得要")]
    private static partial Regex Chinese();

    [GeneratedRegex("どのくらい|どれくらい|どのぐらい|どれぐらい|どのように|どうやって|どうすれば|どう|いつまでに|いつから|いつ|どこで|どこに|どこ|だれ|誰|何日|何回|何時|何人|何|なに|なん|いくら|いくつ|どれ|どの|でしょうか|ですか|ますか")]
    private static partial Regex Japanese();
}
