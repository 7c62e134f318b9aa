using FunAsr.Text.Sensitive;
using FunAsr.Text.Subtitles;

namespace FunAsr.Tests.Compliance;

public sealed class SensitiveRedactorTests
{
    private static readonly SensitiveScanner Scanner = SensitiveScanner.CreateDefault(new FixedTermSource(SensitiveTermList.Create(
    [
        new SensitiveTerm("Northwind Traders", SensitiveKinds.Customer, ["Northwind"]),
        new SensitiveTerm("Project Juniper", SensitiveKinds.Project),
    ])));

    private static readonly SensitiveRedactor Redactor = new(Scanner);

    [Theory]
    [InlineData("pii", RedactionClasses.Pii)]
    [InlineData("PII|pci", RedactionClasses.Pii | RedactionClasses.Pci)]
    [InlineData("numbers, terms", RedactionClasses.Numbers | RedactionClasses.Terms)]
    [InlineData("true", RedactionClasses.Pii)]
    [InlineData("", RedactionClasses.None)]
    [InlineData(null, RedactionClasses.None)]
    public void Redaction_classes_are_read_the_way_callers_write_them(string? value, RedactionClasses expected)
    {
        Assert.Equal(expected, RedactionClassNames.Parse(value));
        Assert.Equal(RedactionClasses.Pii | RedactionClasses.Terms, RedactionClassNames.Parse(["pii", "terms"]));
        Assert.Equal("pii|terms", RedactionClassNames.Format(RedactionClasses.Pii | RedactionClasses.Terms));
    }

    [Fact]
    public void An_unknown_class_is_refused_with_the_names_that_exist()
    {
        var error = Assert.Throws<ArgumentException>(() => RedactionClassNames.Parse("pii|secrets"));
        Assert.Contains("pii, pci, numbers, terms", error.Message);
    }

    [Fact]
    public void Pii_masks_phone_numbers_and_customer_names_with_their_labels_and_leaves_project_words()
    {
        var result = Redactor.Redact("Call Northwind on 138 1234 5678 about Project Juniper.", new RedactionRequest(RedactionClasses.Pii));
        Assert.Equal("Call [CUSTOMER] on [PHONE] about Project Juniper.", result.Text);
        Assert.Equal([SensitiveKinds.Customer, SensitiveKinds.PhoneNumber], result.Redacted.Select(f => f.Kind));
    }

    [Fact]
    public void Each_class_covers_its_own_kinds()
    {
        const string text = "卡号4111 1111 1111 1111，手机13812345678，Project Juniper，订了120件。";
        Assert.Equal("卡号[CARD]，手机13812345678，Project Juniper，订了120件。", Redactor.Redact(text, new(RedactionClasses.Pci)).Text);
        Assert.Equal("卡号4111 1111 1111 1111，手机13812345678，[PROJECT]，订了120件。", Redactor.Redact(text, new(RedactionClasses.Terms)).Text);
        // numbers: every run of three or more digits, the sensitive ones under their own labels.
        Assert.Equal("卡号[CARD]，手机[PHONE]，Project Juniper，订了[NUMBER]件。", Redactor.Redact(text, new(RedactionClasses.Numbers)).Text);
        Assert.Equal(text, Redactor.Redact(text, RedactionRequest.None).Text);
    }

    [Fact]
    public void A_mask_character_keeps_the_layout_and_hides_every_letter_and_digit()
    {
        var result = Redactor.Redact("mobile 138-1234-5678 please", new RedactionRequest(RedactionClasses.Pii, '*'));
        Assert.Equal("mobile ***-****-**** please", result.Text);
    }

    [Fact]
    public void Words_are_rewritten_so_that_subtitles_built_from_them_carry_no_clear_value_and_the_span_keeps_its_time()
    {
        var text = new TimedText(10, 16, "Call Northwind on 138 1234 5678 today",
        [
            new("Call", 10.0, 10.3), new("Northwind", 10.4, 11.0), new("on", 11.1, 11.2), new("138", 11.3, 11.9),
            new("1234", 12.0, 12.8), new("5678", 12.9, 13.7), new("today", 13.8, 14.2),
        ]);
        var result = Redactor.Redact(text, new RedactionRequest(RedactionClasses.Pii));

        Assert.Equal("Call [CUSTOMER] on [PHONE] today", result.Text.Text);
        Assert.Equal(["Call", "[CUSTOMER]", "on", "[PHONE]", "today"], result.Text.Words.Select(w => w.Text));
        var phone = result.Text.Words[3];
        Assert.Equal((11.3, 13.7), (phone.Start, phone.End));
        var redacted = result.Redacted.Single(f => f.Kind == SensitiveKinds.PhoneNumber);
        Assert.Equal((11.3, 13.7), (redacted.StartTime!.Value, redacted.EndTime!.Value));
        Assert.False(redacted.TimeEstimated);
    }

    [Fact]
    public void Cjk_tokens_holding_part_of_a_number_keep_their_other_characters()
    {
        var text = new TimedText(0, 4, "电话是13812345678好",
            [new("电", 0, 0.2), new("话", 0.2, 0.4), new("是1381", 0.4, 1.5), new("2345678", 1.5, 3.2), new("好", 3.3, 3.6)]);
        var result = Redactor.Redact(text, new RedactionRequest(RedactionClasses.Pii));
        Assert.Equal("电话是[PHONE]好", result.Text.Text);
        Assert.Equal(["电", "话", "是[PHONE]", "好"], result.Text.Words.Select(w => w.Text));
        Assert.Equal(3.2, result.Text.Words[2].End);
    }

    [Fact]
    public void Words_that_no_longer_spell_the_text_are_dropped_rather_than_passed_on_in_clear()
    {
        var text = new TimedText(0, 4, "手机13812345678", [new("电话", 0, 1), new("13812345678", 1, 3)]);
        var result = Redactor.Redact(text, new RedactionRequest(RedactionClasses.Pii));
        Assert.Equal("手机[PHONE]", result.Text.Text);
        Assert.Empty(result.Text.Words);
        // Without words the time is spread over the segment by text length, and says so.
        var finding = Assert.Single(result.Redacted);
        Assert.True(finding.TimeEstimated);
        Assert.InRange(finding.StartTime!.Value, 0.1, 1.5);
        Assert.Equal(4, finding.EndTime!.Value, 3);
    }
}
