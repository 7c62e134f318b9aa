using FunAsr.Text.Sensitive.Detectors;
using FunAsr.Text.Subtitles;

namespace FunAsr.Text.Sensitive;

/// <summary>
/// The one entry point for finding sensitive information in text: every detector over the normalised text, overlaps
/// resolved by detector priority, findings in text order, and times taken from the words when they are given.
/// </summary>
public sealed class SensitiveScanner
{
    private readonly ISensitiveDetector[] _detectors;

    public SensitiveScanner(IEnumerable<ISensitiveDetector> detectors) => _detectors = detectors.OrderBy(d => d.Priority).ToArray();

    /// <summary>The built-in detectors plus the tenant's terms from <paramref name="terms"/>.</summary>
    public static SensitiveScanner CreateDefault(ISensitiveTermSource? terms = null) => new(DefaultDetectors(terms ?? new FixedTermSource(SensitiveTermList.Empty)));

    public static IEnumerable<ISensitiveDetector> DefaultDetectors(ISensitiveTermSource terms) =>
    [
        new ChineseIdNumberDetector(), new PhoneNumberDetector(), new IbanDetector(), new BankCardDetector(), new EmailDetector(),
        new PassportNumberDetector(), new TermDetector(terms),
    ];

    /// <summary>Findings in <paramref name="text"/>, in text order, no two overlapping.</summary>
    public IReadOnlyList<SensitiveFinding> Scan(string text) => Scan(text, extra: null);

    /// <summary>As <see cref="Scan(string)"/>, with the findings of <paramref name="extra"/> (the numbers class) where nothing else was found.</summary>
    public IReadOnlyList<SensitiveFinding> Scan(string text, ISensitiveDetector? extra)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var scanText = ScanText.From(text);
        var accepted = new List<SensitiveFinding>();
        foreach (var detector in extra is null ? _detectors : _detectors.Append(extra))
        {
            foreach (var finding in detector.Find(scanText))
            {
                if (finding.Length > 0 && !accepted.Any(a => a.Overlaps(finding)))
                {
                    accepted.Add(finding);
                }
            }
        }
        accepted.Sort((a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    /// <summary>
    /// Findings in a timed stretch of transcript, each with the time it was said: from the words it overlaps, or spread
    /// over the stretch by text length when the words are missing or no longer spell the text.
    /// </summary>
    public IReadOnlyList<SensitiveFinding> Scan(TimedText text, ISensitiveDetector? extra = null) =>
        WordTimes.Apply(text, Scan(text.Text, extra));
}
