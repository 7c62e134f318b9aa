namespace FunAsr.Text.Analysis;

/// <summary>
/// Function words that say nothing about what a sentence is about, per language. Applied to lectures and questions alike;
/// words that carry a rule's sense (before, after, within, not, must) are kept.
/// </summary>
public static class StopWords
{
    public static readonly IReadOnlySet<string> English = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "at", "by", "for", "with", "to", "from", "in", "into", "on", "onto",
        "as", "is", "are", "was", "were", "be", "been", "being", "am", "it", "its", "it's", "this", "that", "these", "those",
        "there", "here", "then", "than", "so", "such", "too", "very", "just", "also", "i", "me", "my", "we", "us", "our",
        "you", "your", "he", "him", "his", "she", "her", "they", "them", "their", "what", "which", "who", "whom", "whose",
        "do", "does", "did", "doing", "done", "have", "has", "had", "having", "will", "would", "shall", "should", "can", "could",
        "may", "might", "s", "t", "ll", "re", "ve", "d", "m", "o", "oh", "okay", "ok", "um", "uh", "erm", "like", "well", "yeah",
        "all", "any", "some", "each", "every", "both", "either", "own", "same", "other", "another", "about", "up", "out",
        "again", "further", "once", "only", "now", "how", "when", "where", "why", "let", "lets", "let's", "get", "got", "gets",
        "go", "going", "one", "thing", "things", "really", "actually", "basically", "right", "please", "mean", "means",
    };

    public static readonly IReadOnlySet<string> Chinese = new HashSet<string>(StringComparer.Ordinal)
    {
        "的", "了", "着", "过", "是", "在", "和", "与", "及", "或", "也", "都", "就", "还", "又", "而", "并", "但", "把", "被",
        "给", "对", "从", "向", "让", "这", "那", "这个", "那个", "这些", "那些", "一个", "我们", "你们", "他们", "大家", "我",
        "你", "他", "她", "它", "啊", "吧", "呢", "吗", "嘛", "呀", "哦", "嗯", "呃", "那么", "这样", "就是", "然后", "的话",
        "得", "地", "之", "其", "以", "于", "为", "个", "有", "会", "要", "能", "可以", "一下", "一些", "所以", "因为", "如果",
        "其实", "呢", "这里", "那里", "对于", "关于", "来", "去", "说", "到", "上", "里", "中",
    };

    public static readonly IReadOnlySet<string> Japanese = new HashSet<string>(StringComparer.Ordinal)
    {
        "は", "が", "を", "に", "で", "と", "の", "も", "へ", "や", "から", "まで", "より", "です", "ます", "でし", "まし", "た",
        "て", "し", "する", "います", "いる", "ある", "あり", "こと", "もの", "これ", "それ", "あれ", "この", "その", "あの",
        "ね", "よ", "か", "な", "だ", "ください", "くだ", "さい", "ない", "なり", "なる", "れ", "られ", "せ", "さ", "う", "お",
        "ご", "え", "ええ", "あの", "えっと", "皆さん", "みなさん",
    };

    public static bool Contains(string word) => English.Contains(word) || Chinese.Contains(word) || Japanese.Contains(word);
}
