using FunAsr.QaBot.Configuration;
using FunAsr.Text.Sensitive;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Compliance;

/// <summary>The lexicon of <c>QaBot:Compliance:SensitiveTerms</c> as listed terms (checked at start by the options validator).</summary>
public sealed class ConfiguredTermSource(IOptions<QaBotOptions> options) : ISensitiveTermSource
{
    private readonly Lazy<SensitiveTermList> _list = new(() => FromOptions(options.Value.Compliance));

    public SensitiveTermList Current => _list.Value;

    public static SensitiveTermList FromOptions(ComplianceOptions options) =>
        SensitiveTermList.Create(options.SensitiveTerms.Select(t => new SensitiveTerm(t, SensitiveKinds.SensitiveTerm)));
}
