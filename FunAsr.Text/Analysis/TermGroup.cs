namespace FunAsr.Text.Analysis;

/// <summary>
/// One idea of a question as the terms that may express it: the term itself (weight 1) and equivalents — the same quantity in
/// another unit (两个月 = 60 days, weight 1), a synonym (weight below 1). An answer covers the group with its best match.
/// </summary>
public sealed record TermGroup(string Term, IReadOnlyList<(string Term, double Weight)> Alternatives)
{
    public IEnumerable<(string Term, double Weight)> All => Alternatives.Prepend((Term, 1.0));
}
