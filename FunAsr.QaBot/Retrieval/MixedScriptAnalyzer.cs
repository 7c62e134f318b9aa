using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Util;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// One analysis chain for Chinese, Japanese, Korean, English and code-switched text: the Unicode word-break tokenizer,
/// CJK width folding, overlapping bigrams for CJK runs (as Lucene's CJKAnalyzer does) and, for Latin words,
/// lower-casing, English stop words and Porter stemming (as EnglishAnalyzer does).
/// </summary>
public sealed class MixedScriptAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new CJKWidthFilter(source);
        stream = new EnglishPossessiveFilter(Version, stream);
        stream = new LowerCaseFilter(Version, stream);
        stream = new CJKBigramFilter(stream);
        stream = new StopFilter(Version, stream, EnglishAnalyzer.DefaultStopSet);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    public List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        using var stream = GetTokenStream("text", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }
        stream.End();
        return tokens;
    }
}
