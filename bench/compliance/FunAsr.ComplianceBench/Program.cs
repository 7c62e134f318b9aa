using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FunAsr.Text.Sensitive;

// Precision and recall of sensitive-information detection per type, on labelled sentence sets in the held-out format
// (FunAsr.Tests/Fixtures/Heldout/README.md): a detection matches a span of the same type whose range it overlaps;
// exact-boundary agreement and look-alike hits are reported beside it. Then the cost per sentence.
// Usage: FunAsr.ComplianceBench <set folder>... [--runs N]
var runs = 200;
var folders = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--runs") runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else folders.Add(args[i]);
}
if (folders.Count == 0)
{
    Console.Error.WriteLine("usage: FunAsr.ComplianceBench <folder with sentences.jsonl and tenant-terms.json>... [--runs N]");
    return 2;
}

var typeOfKind = new Dictionary<string, string>
{
    [SensitiveKinds.PhoneNumber] = "PHONE", [SensitiveKinds.Email] = "EMAIL", [SensitiveKinds.BankCard] = "BANK_CARD",
    [SensitiveKinds.ChineseIdNumber] = "CN_ID", [SensitiveKinds.Iban] = "IBAN", [SensitiveKinds.PassportNumber] = "PASSPORT",
    [SensitiveKinds.Customer] = "CUSTOMER", [SensitiveKinds.Project] = "PROJECT",
};
string[] types = ["PHONE", "EMAIL", "BANK_CARD", "CN_ID", "IBAN", "PASSPORT", "CUSTOMER", "PROJECT"];
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

foreach (var folder in folders)
{
    var sentences = File.ReadLines(Path.Combine(folder, "sentences.jsonl")).Where(l => l.Length > 0)
        .Select(l => JsonSerializer.Deserialize<Sentence>(l, json)!).ToArray();
    var tenant = JsonSerializer.Deserialize<TenantFile>(File.ReadAllText(Path.Combine(folder, "tenant-terms.json")), json)!;
    var terms = SensitiveTermList.Create(tenant.Terms.Select(t => new SensitiveTerm(t.Term, t.Type.ToLowerInvariant(), t.Aliases)));
    var scanner = SensitiveScanner.CreateDefault(new FixedTermSource(terms));

    var tally = types.ToDictionary(t => t, _ => new Tally());
    var errors = new List<string>();
    foreach (var sentence in sentences)
    {
        var found = scanner.Scan(sentence.Text).Where(f => typeOfKind.ContainsKey(f.Kind))
            .Select(f => (Type: typeOfKind[f.Kind], f.Start, f.End)).ToList();
        foreach (var span in sentence.Spans)
        {
            var hit = found.FirstOrDefault(f => f.Type == span.Type && f.Start < span.End && span.Start < f.End);
            var t = tally[span.Type];
            t.Spans++;
            if (hit.Type is null)
            {
                t.Missed++;
                errors.Add($"  miss {span.Type,-9} {Excerpt(sentence.Text, span.Start, span.End)}");
            }
            else if (hit.Start == span.Start && hit.End == span.End)
            {
                t.Exact++;
            }
        }
        foreach (var f in found)
        {
            var t = tally[f.Type];
            if (sentence.Spans.Any(s => s.Type == f.Type && f.Start < s.End && s.Start < f.End))
            {
                t.TruePositives++;
                continue;
            }
            t.FalsePositives++;
            var lookalike = (sentence.Lookalikes ?? []).Any(l => f.Start < l.End && l.Start < f.End);
            if (lookalike) t.LookalikeHits++;
            errors.Add($"  {(lookalike ? "look-alike" : "false")} {f.Type,-9} {Excerpt(sentence.Text, f.Start, f.End)}");
        }
        foreach (var lookalike in sentence.Lookalikes ?? [])
        {
            tally[lookalike.Type].Lookalikes++;
        }
    }

    Console.WriteLine($"== {folder}: {sentences.Length} sentences ({sentences.Count(s => s.Language == "zh")} zh, {sentences.Count(s => s.Language == "en")} en), {terms.Count} listed terms");
    Console.WriteLine($"{"type",-10} {"spans",5} {"found",5} {"missed",6} {"false+",6} {"precision",9} {"recall",7} {"F1",6} {"exact",6} {"look-alikes hit",15}");
    var all = new Tally();
    foreach (var type in types)
    {
        var t = tally[type];
        all.Add(t);
        Print(type, t);
    }
    Print("all", all);
    foreach (var error in errors.Order())
    {
        Console.WriteLine(error);
    }

    // Cost: every sentence scanned, best of three passes of `runs` repetitions (single thread).
    var best = double.MaxValue;
    for (var pass = 0; pass < 3; pass++)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        for (var r = 0; r < runs; r++)
        {
            foreach (var sentence in sentences)
            {
                count += scanner.Scan(sentence.Text).Count;
            }
        }
        best = Math.Min(best, watch.Elapsed.TotalMicroseconds / (runs * sentences.Length));
        GC.KeepAlive(count);
    }
    var characters = sentences.Average(s => s.Text.Length);
    Console.WriteLine($"cost: {best:F1} µs per sentence ({characters:F0} characters on average), {1e6 / best:F0} sentences/s, " +
        $"{characters * 1e6 / best / 1e6:F2} M characters/s on one thread");
    Console.WriteLine();
}
return 0;

static void Print(string name, Tally t)
{
    var precision = t.TruePositives + t.FalsePositives == 0 ? 1 : (double)t.TruePositives / (t.TruePositives + t.FalsePositives);
    var recall = t.Spans == 0 ? 1 : (double)(t.Spans - t.Missed) / t.Spans;
    var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    var exact = t.Spans - t.Missed == 0 ? 0 : (double)t.Exact / (t.Spans - t.Missed);
    Console.WriteLine($"{name,-10} {t.Spans,5} {t.Spans - t.Missed,5} {t.Missed,6} {t.FalsePositives,6} {precision,9:P1} {recall,7:P1} {f1,6:F3} {exact,6:P0} {$"{t.LookalikeHits}/{t.Lookalikes}",15}");
}

static string Excerpt(string text, int start, int end) =>
    (start > 12 ? "…" : "") + text[Math.Max(0, start - 12)..start] + "⟦" + text[start..end] + "⟧" + text[end..Math.Min(text.Length, end + 12)];

sealed record Span(int Start, int End, string Type);

sealed record Sentence(string Text, string Language, Span[] Spans, Span[]? Lookalikes);

sealed record TenantTerm(string Term, string Type, string[]? Aliases);

sealed record TenantFile(TenantTerm[] Terms);

sealed class Tally
{
    public int Spans, Missed, Exact, TruePositives, FalsePositives, Lookalikes, LookalikeHits;

    public void Add(Tally o)
    {
        Spans += o.Spans; Missed += o.Missed; Exact += o.Exact; TruePositives += o.TruePositives;
        FalsePositives += o.FalsePositives; Lookalikes += o.Lookalikes; LookalikeHits += o.LookalikeHits;
    }
}
