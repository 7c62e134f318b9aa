namespace FunAsr.Text.Sensitive;

/// <summary>
/// The kinds of sensitive information the detectors report (the <c>kind</c> of a finding and of an alert), the label a
/// redacted span shows, and the redaction classes each kind belongs to.
/// </summary>
public static class SensitiveKinds
{
    public const string PhoneNumber = "phoneNumber";
    public const string Email = "email";
    public const string BankCard = "bankCard";
    public const string ChineseIdNumber = "chineseIdNumber";
    public const string Iban = "iban";
    public const string PassportNumber = "passportNumber";

    /// <summary>A customer's name from the tenant's list.</summary>
    public const string Customer = "customer";

    /// <summary>A project code word from the tenant's list.</summary>
    public const string Project = "project";

    /// <summary>Any other listed word or phrase (insider-trading vocabulary, "customer list").</summary>
    public const string SensitiveTerm = "sensitiveTerm";

    /// <summary>A run of digits: only looked for when a caller asks to redact <c>numbers</c>.</summary>
    public const string Number = "number";

    public static readonly string[] All = [PhoneNumber, Email, BankCard, ChineseIdNumber, Iban, PassportNumber, Customer, Project, SensitiveTerm, Number];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);

    /// <summary>What a redacted span reads as: <c>[PHONE]</c>, <c>[CUSTOMER]</c>.</summary>
    public static string Label(string kind) => kind switch
    {
        PhoneNumber => "PHONE",
        Email => "EMAIL",
        BankCard => "CARD",
        ChineseIdNumber => "ID_NUMBER",
        Iban => "IBAN",
        PassportNumber => "PASSPORT",
        Customer => "CUSTOMER",
        Project => "PROJECT",
        SensitiveTerm => "TERM",
        Number => "NUMBER",
        _ => "REDACTED",
    };

    /// <summary>
    /// The classes that redact a kind. <c>pii</c>: what identifies or reaches a person (a customer's name included);
    /// <c>pci</c>: payment data; <c>numbers</c>: every run of digits and every number-shaped kind; <c>terms</c>: the
    /// tenant's listed words.
    /// </summary>
    public static RedactionClasses ClassesOf(string kind) => kind switch
    {
        PhoneNumber or ChineseIdNumber or PassportNumber => RedactionClasses.Pii | RedactionClasses.Numbers,
        BankCard or Iban => RedactionClasses.Pii | RedactionClasses.Pci | RedactionClasses.Numbers,
        Email => RedactionClasses.Pii,
        Customer => RedactionClasses.Pii | RedactionClasses.Terms,
        Project or SensitiveTerm => RedactionClasses.Terms,
        Number => RedactionClasses.Numbers,
        _ => RedactionClasses.None,
    };
}
