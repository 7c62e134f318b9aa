using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace FunAsr.Text.Analysis;

/// <summary>
/// A Lucene token stream over terms already made by <see cref="TermAnalyzer"/> (or <see cref="CharacterBigrams"/>), so an
/// index and the code that weighs questions against sentences use exactly the same terms without analysing twice.
/// </summary>
public sealed class TermTokenStream : TokenStream
{
    private readonly IReadOnlyList<string> _terms;
    private readonly ICharTermAttribute _term;
    private int _next;

    public TermTokenStream(IReadOnlyList<string> terms)
    {
        _terms = terms;
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
        _next = 0;
    }
}
