namespace FunAsr.Text.Analysis;

/// <summary>A term that may stand for an idea of a question, with what a match is worth; <see cref="Translation"/>: it is in the other language.</summary>
public readonly record struct Alternative(string Term, double Weight, bool Translation = false);

/// <summary>
/// One idea of a question as the terms that may express it: the term itself (weight 1) and equivalents — the same quantity in
/// another unit (两个月 = 60 days, weight 1), a synonym or a same-sounding word (weight below 1), a translation.
/// An answer covers the group with its best match.
/// </summary>
public sealed record TermGroup(string Term, IReadOnlyList<Alternative> Alternatives)
{
    public IEnumerable<Alternative> All => Alternatives.Prepend(new Alternative(Term, 1.0));
}
