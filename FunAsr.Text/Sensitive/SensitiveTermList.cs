using System.Text.Json.Serialization;

namespace FunAsr.Text.Sensitive;

/// <summary>One listed term: a customer's name, a project code word or another sensitive phrase, with the short forms people say.</summary>
/// <param name="Kind"><see cref="SensitiveKinds.Customer"/>, <see cref="SensitiveKinds.Project"/> or <see cref="SensitiveKinds.SensitiveTerm"/>.</param>
public sealed record SensitiveTerm(string Term, string Kind, IReadOnlyList<string>? Aliases = null)
{
    public static readonly string[] Kinds = [SensitiveKinds.Customer, SensitiveKinds.Project, SensitiveKinds.SensitiveTerm];

    [JsonIgnore]
    public IEnumerable<string> Forms => Aliases is null ? [Term] : Aliases.Prepend(Term);
}

/// <summary>
/// A tenant's list of terms, checked and ready to match: every form trimmed, blanks inside collapsed, too-short forms
/// refused, and a form that two terms claim refused (it could not say which term was meant).
/// </summary>
public sealed class SensitiveTermList
{
    public const int MaxTerms = 5_000;
    public const int MaxFormLength = 100;

    public static readonly SensitiveTermList Empty = new([]);

    private SensitiveTermList(IReadOnlyList<SensitiveTerm> terms)
    {
        Terms = terms;
        Forms = terms
            .SelectMany(t => t.Forms.Select((form, i) => new TermForm(Collapse(form), t, IsAlias: i > 0)))
            .OrderByDescending(f => f.Text.Length)
            .ToArray();
    }

    public IReadOnlyList<SensitiveTerm> Terms { get; }

    /// <summary>Every form, longest first (so "Project Tidewater" wins over "Tidewater" where both match).</summary>
    internal IReadOnlyList<TermForm> Forms { get; }

    public int Count => Terms.Count;

    /// <exception cref="ArgumentException">An empty or too-long form, an unknown kind, too many terms, or one form under two terms.</exception>
    public static SensitiveTermList Create(IEnumerable<SensitiveTerm> terms)
    {
        var list = new List<SensitiveTerm>();
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var term in terms)
        {
            if (!SensitiveTerm.Kinds.Contains(term.Kind))
            {
                throw new ArgumentException($"Term '{term.Term}' has kind '{term.Kind}'; use one of {string.Join(", ", SensitiveTerm.Kinds)}.");
            }
            var canonical = Collapse(term.Term ?? "");
            var aliases = (term.Aliases ?? []).Select(a => Collapse(a ?? "")).Where(a => !a.Equals(canonical, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            foreach (var form in aliases.Prepend(canonical))
            {
                if (form.Length == 0 || form.Length > MaxFormLength)
                {
                    throw new ArgumentException($"Every term and alias needs 1-{MaxFormLength} characters (got '{form}' under '{canonical}').");
                }
                if (MinimumLength(form) is var minimum && form.Length < minimum)
                {
                    throw new ArgumentException($"'{form}' is too short to list: a {(Scripts.TextScript.IsCjk(form[0]) ? "Chinese" : "Latin")} form needs at least {minimum} characters, or it matches inside ordinary words.");
                }
                if (owners.TryGetValue(form, out var owner) && !owner.Equals(canonical, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"'{form}' is listed under both '{owner}' and '{canonical}'.");
                }
                owners[form] = canonical;
            }
            list.Add(new SensitiveTerm(canonical, term.Kind, aliases));
        }
        if (list.Count > MaxTerms)
        {
            throw new ArgumentException($"A tenant may list at most {MaxTerms} terms (got {list.Count}).");
        }
        return new SensitiveTermList(list);
    }

    /// <summary>Two CJK characters say a name (华锐); a Latin form needs three letters (ACME), so "it" or "AI" cannot be listed.</summary>
    private static int MinimumLength(string form) => form.Any(Scripts.TextScript.IsCjk) ? 2 : 3;

    internal static string Collapse(string form) => string.Join(' ', form.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

internal sealed record TermForm(string Text, SensitiveTerm Term, bool IsAlias);

/// <summary>Where a detector reads the tenant's current term list from (it changes while the service runs).</summary>
public interface ISensitiveTermSource
{
    SensitiveTermList Current { get; }
}

/// <summary>A list that does not change: configuration, tests, benchmarks.</summary>
public sealed class FixedTermSource(SensitiveTermList list) : ISensitiveTermSource
{
    public SensitiveTermList Current => list;
}
