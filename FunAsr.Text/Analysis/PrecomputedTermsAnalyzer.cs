using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace FunAsr.Text.Analysis;

/// <summary>
/// A Lucene analyzer that indexes a field with the terms of <see cref="TermAnalyzer"/> (or any other term function), so the
/// index and the code that weighs questions against sentences use exactly the same terms.
/// </summary>
public sealed class PrecomputedTermsAnalyzer(Func<string, string, IReadOnlyList<string>> termsOfField) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
        new(new TermListTokenizer(reader, text => termsOfField(fieldName, text)));

    private sealed class TermListTokenizer : Tokenizer
    {
        private readonly Func<string, IReadOnlyList<string>> _termsOf;
        private readonly ICharTermAttribute _term;
        private IReadOnlyList<string> _terms = [];
        private int _next;

        public TermListTokenizer(TextReader reader, Func<string, IReadOnlyList<string>> termsOf) : base(reader)
        {
            _termsOf = termsOf;
            _term = AddAttribute<ICharTermAttribute>();
        }

        public override bool IncrementToken()
        {
            ClearAttributes();
            if (_next >= _terms.Count)
            {
                return false;
            }
            _term.SetEmpty().Append(_terms[_next++]);
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _terms = _termsOf(m_input.ReadToEnd());
            _next = 0;
        }
    }
}
