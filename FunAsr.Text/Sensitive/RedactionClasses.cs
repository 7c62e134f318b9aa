namespace FunAsr.Text.Sensitive;

/// <summary>What a caller asks to redact: <c>redact=pii|pci|numbers|terms</c> (the names Deepgram's <c>redact</c> uses, plus the tenant's terms).</summary>
[Flags]
public enum RedactionClasses
{
    None = 0,
    Pii = 1,
    Pci = 2,
    Numbers = 4,
    Terms = 8,
}

public static class RedactionClassNames
{
    public static readonly string[] All = ["pii", "pci", "numbers", "terms"];

    /// <summary>
    /// Reads <c>pii</c>, <c>pii|pci</c>, <c>pii,terms</c> or several values of a repeated parameter; case and blanks do not matter.
    /// Null or empty means nothing to redact.
    /// </summary>
    /// <exception cref="ArgumentException">A name that is not one of pii, pci, numbers, terms.</exception>
    public static RedactionClasses Parse(IEnumerable<string?>? values)
    {
        var classes = RedactionClasses.None;
        foreach (var value in values ?? [])
        {
            foreach (var part in (value ?? "").Split(['|', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                classes |= part.ToLowerInvariant() switch
                {
                    "pii" => RedactionClasses.Pii,
                    "pci" => RedactionClasses.Pci,
                    "numbers" => RedactionClasses.Numbers,
                    "terms" => RedactionClasses.Terms,
                    "true" => RedactionClasses.Pii,
                    "false" or "none" => RedactionClasses.None,
                    _ => throw new ArgumentException($"redact '{part}' is not one of {string.Join(", ", All)}."),
                };
            }
        }
        return classes;
    }

    public static RedactionClasses Parse(string? value) => Parse([value]);

    public static string Format(RedactionClasses classes) =>
        string.Join('|', All.Where((_, i) => classes.HasFlag((RedactionClasses)(1 << i))));
}
