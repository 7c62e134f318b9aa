namespace FunAsr.Text.Sensitive;

/// <summary>Finds one kind of sensitive information in a piece of text.</summary>
public interface ISensitiveDetector
{
    /// <summary>
    /// Lower runs first and wins where two findings overlap (an ID number is not also a bank card, and a phone number
    /// written with +86 is not a card number that happens to pass Luhn).
    /// </summary>
    int Priority { get; }

    /// <summary>Findings in <paramref name="text"/>, with offsets into <see cref="ScanText.Original"/>.</summary>
    IEnumerable<SensitiveFinding> Find(ScanText text);
}
