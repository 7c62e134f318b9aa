using FunAsr.QaBot.Compliance;
using FunAsr.QaBot.Lectures;
using FunAsr.Text.Sensitive;

namespace FunAsr.Tests.Compliance;

public sealed class SensitiveDetectorTests
{
    private static readonly SensitiveScanner Scanner = SensitiveScanner.CreateDefault(new FixedTermSource(SensitiveTermList.Create(
    [
        new SensitiveTerm("内幕消息", SensitiveKinds.SensitiveTerm),
        new SensitiveTerm("insider information", SensitiveKinds.SensitiveTerm),
        new SensitiveTerm("Northwind Traders", SensitiveKinds.Customer, ["Northwind"]),
        new SensitiveTerm("Project Juniper", SensitiveKinds.Project, ["Juniper"]),
        new SensitiveTerm("海川重工", SensitiveKinds.Customer, ["海川"]),
    ])));

    private static SensitiveFinding Single(string text, string kind)
    {
        var finding = Assert.Single(Scanner.Scan(text));
        Assert.Equal(kind, finding.Kind);
        Assert.InRange(finding.Confidence, 0.01, 1);
        Assert.False(string.IsNullOrWhiteSpace(finding.Reason));
        return finding;
    }

    [Theory]
    [InlineData("我的身份证号是11010519491231002X。", "11010519491231002X")]
    [InlineData("ID 44030419900307123x on file", "44030419900307123x")]
    [InlineData("身份证310115198511208882已登记", "310115198511208882")]
    public void Valid_chinese_id_numbers_are_found(string text, string id)
    {
        var finding = Single(text, SensitiveKinds.ChineseIdNumber);
        Assert.Equal(id, text.Substring(finding.Start, finding.Length));
        Assert.Equal(id[..3] + "***********" + id[^4..], finding.Masked);
        Assert.Contains("MOD 11-2", finding.Reason);
    }

    [Theory]
    [InlineData("身份证310115198511208881已登记")] // wrong check digit (and not a Luhn number either)
    [InlineData("编号110105194913310021")]        // month 13: checksum right, date impossible
    [InlineData("工号11010519491231002")]         // 17 digits
    public void Invalid_chinese_id_numbers_are_not_reported(string text) =>
        Assert.DoesNotContain(Scanner.Scan(text), f => f.Kind == SensitiveKinds.ChineseIdNumber);

    [Theory]
    [InlineData("卡号 6222 0202 0000 1234 562 请核对", "4562", "UnionPay")]
    [InlineData("card 4111-1111-1111-1111 expires soon", "1111", "Visa")]
    [InlineData("Visa 4532015112830366.", "0366", "Visa")]
    [InlineData("Amex 3782 822463 10005 on file", "0005", "American Express")]
    public void Luhn_valid_card_numbers_of_a_network_are_found_and_masked_to_the_last_four(string text, string lastFour, string network)
    {
        var finding = Single(text, SensitiveKinds.BankCard);
        Assert.Equal("**** **** **** " + lastFour, finding.Masked);
        Assert.Contains(network, finding.Reason);
    }

    [Theory]
    [InlineData("card 4111 1111 1111 1112")]   // Luhn fails
    [InlineData("卡号6222020200001234563")]     // Luhn fails
    [InlineData("order 2024 0101 0000")]       // too short
    [InlineData("ref 9000000000000008")]       // Luhn passes, but no card network issues 9…
    [InlineData("tracking number 4111111111111111")] // a card's shape, introduced as a tracking number
    public void Numbers_that_are_not_cards_are_not_reported(string text) =>
        Assert.DoesNotContain(Scanner.Scan(text), f => f.Kind == SensitiveKinds.BankCard);

    [Theory]
    [InlineData("请拨打13812345678联系我", "138****5678")]
    [InlineData("手机 +86 138 1234 5678", "861******5678")]
    [InlineData("他的号码是010-58886666。", "010****6666")]
    [InlineData("London: +44 20 7946 0958", "442*****0958")]
    [InlineData("call (415) 555-0132 today", "415***0132")]
    [InlineData("他念了号码：幺三八一二三四五六七八。", "138****5678")]
    [InlineData("号码是一三八 一二三四 五六七八", "138****5678")]
    [InlineData("my number is one three eight one two three four five six seven eight", "138****5678")]
    [InlineData("it's one three eight, double one, two three, four five six seven", "138****4567")]
    public void Phone_numbers_are_found_and_masked(string text, string masked)
    {
        var finding = Single(text, SensitiveKinds.PhoneNumber);
        Assert.Equal(masked, finding.Masked);
    }

    [Fact]
    public void A_spoken_number_is_reported_over_exactly_the_words_that_said_it()
    {
        const string text = "呃，他的手机是幺三八一二三四五六七八，记一下。";
        var finding = Single(text, SensitiveKinds.PhoneNumber);
        Assert.Equal("幺三八一二三四五六七八", text.Substring(finding.Start, finding.Length));
        const string english = "Call me on one three eight one two three four five six seven eight, thanks.";
        var spoken = Single(english, SensitiveKinds.PhoneNumber);
        Assert.Equal("one three eight one two three four five six seven eight", english.Substring(spoken.Start, spoken.Length));
    }

    [Theory]
    [InlineData("号码12345678901无效")]
    [InlineData("会议在10:30开始，版本3.14.159")]
    [InlineData("extension 4400")]
    [InlineData("2024年3月31日之前")]
    [InlineData("meeting ID 415 555 0132, passcode 7781")]     // a phone's shape, introduced as a meeting
    [InlineData("客服热线 021-62345678 全天服务")]               // a published service line
    [InlineData("meter 6217 0032 5061 0873 505 is read monthly")] // 0032… inside a longer run of digit groups
    [InlineData("one or two people, three at most")]
    public void Numbers_that_are_not_phone_numbers_are_not_reported(string text) => Assert.Empty(Scanner.Scan(text));

    [Fact]
    public void Emails_are_found_and_masked_and_lookalikes_are_not()
    {
        var finding = Single("write to zhang.san@example.com now", SensitiveKinds.Email);
        Assert.Equal("z***@example.com", finding.Masked);
        Assert.Empty(Scanner.Scan("user at example dot com, or @handle on social media"));
    }

    [Theory]
    [InlineData("Wire it to DE89 3704 0044 0532 0130 00 today.", "DE89 3704 0044 0532 0130 00")]
    [InlineData("账户 GB29NWBK60161331926819，请核对", "GB29NWBK60161331926819")]
    [InlineData("IBAN FR14 2004 1010 0505 0001 3M02 606 and then", "FR14 2004 1010 0505 0001 3M02 606")]
    [InlineData("the iban is gb29 nwbk 6016 1331 9268 19 okay", "gb29 nwbk 6016 1331 9268 19")]
    public void Ibans_with_valid_check_digits_are_found_exactly(string text, string iban)
    {
        var finding = Single(text, SensitiveKinds.Iban);
        Assert.Equal(iban, text.Substring(finding.Start, finding.Length));
        Assert.Contains("MOD 97-10", finding.Reason);
    }

    [Theory]
    [InlineData("Wire it to DE88 3704 0044 0532 0130 00 today.")] // check digits wrong
    [InlineData("账户 GB29NWBK6016133192681，请核对")]                // one character short for GB
    [InlineData("code XX12 3456 7890 1234 5678")]                  // no such country
    public void Iban_lookalikes_are_not_reported(string text) =>
        Assert.DoesNotContain(Scanner.Scan(text), f => f.Kind == SensitiveKinds.Iban);

    [Theory]
    [InlineData("他的护照号码是E73521846。", "E73521846")]
    [InlineData("passport no. C01X00T47, issued in Berlin", "C01X00T47")]
    [InlineData("K4412908 is the passport he used", "K4412908")]
    [InlineData("Scan of the passport photo page received, and the number is 548823170.", "548823170")]
    public void Passport_numbers_are_found_when_a_passport_label_names_them(string text, string number)
    {
        var finding = Single(text, SensitiveKinds.PassportNumber);
        Assert.Equal(number, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("工单编号E73521847已经关闭。")]
    [InlineData("Part number K4412907 is out of stock.")]
    [InlineData("护照到期了。工单号 E73521846 另行处理。")] // the passport is in the sentence before
    public void Passport_shaped_numbers_with_another_label_are_not_reported(string text) =>
        Assert.DoesNotContain(Scanner.Scan(text), f => f.Kind == SensitiveKinds.PassportNumber);

    [Fact]
    public void Listed_terms_match_case_insensitively_on_word_boundaries()
    {
        Assert.Equal(SensitiveKinds.SensitiveTerm, Single("他在会上透露了内幕消息。", SensitiveKinds.SensitiveTerm).Kind);
        Assert.Equal("insider information", Single("Never share Insider Information.", SensitiveKinds.SensitiveTerm).Term);
        Assert.Empty(Scanner.Scan("insider informational sessions are public"));
    }

    [Fact]
    public void Customers_and_projects_are_found_by_name_and_alias_and_an_alias_used_as_an_ordinary_word_is_not()
    {
        var full = Single("We signed Northwind Traders today.", SensitiveKinds.Customer);
        Assert.Equal("Northwind Traders", full.Term);
        Assert.Equal(17, full.Length);
        var alias = Single("Send it to the Northwind team.", SensitiveKinds.Customer);
        Assert.Equal("Northwind Traders", alias.Term);
        Assert.True(alias.Confidence < full.Confidence);
        Assert.Equal("Project Juniper", Single("the JUNIPER budget", SensitiveKinds.Project).Term);
        Assert.Empty(Scanner.Scan("A juniper hedge grows by the gate."));                 // ordinary word, cased text
        Assert.Equal(0.45, Single("a juniper hedge and no capitals anywhere", SensitiveKinds.Project).Confidence); // uncased ASR text: reported, unsure
        Assert.Equal("海川重工", Single("下周去海川 重工开会", SensitiveKinds.Customer).Term);   // ASR spacing between CJK characters
        Assert.Equal("海川重工", Single("海川那边催了", SensitiveKinds.Customer).Term);
    }

    [Fact]
    public void Term_lists_refuse_forms_that_are_too_short_empty_or_claimed_by_two_terms()
    {
        Assert.Throws<ArgumentException>(() => SensitiveTermList.Create([new SensitiveTerm("AI", SensitiveKinds.Project)]));
        Assert.Throws<ArgumentException>(() => SensitiveTermList.Create([new SensitiveTerm("华", SensitiveKinds.Customer)]));
        Assert.Throws<ArgumentException>(() => SensitiveTermList.Create([new SensitiveTerm("  ", SensitiveKinds.Customer)]));
        Assert.Throws<ArgumentException>(() => SensitiveTermList.Create([new SensitiveTerm("Acme", "planet")]));
        Assert.Throws<ArgumentException>(() => SensitiveTermList.Create(
        [
            new SensitiveTerm("Acme Corp", SensitiveKinds.Customer, ["Acme"]),
            new SensitiveTerm("Acme Labs", SensitiveKinds.Customer, ["acme"]),
        ]));
        var list = SensitiveTermList.Create([new SensitiveTerm("  Marlin   Bay ", SensitiveKinds.Customer, ["Marlin Bay", "MB Group"])]);
        Assert.Equal("Marlin Bay", list.Terms[0].Term);
        Assert.Equal(["MB Group"], list.Terms[0].Aliases);
    }

    [Fact]
    public void Full_width_digits_are_read_and_offsets_point_into_the_original()
    {
        const string text = "手机：１３８１２３４５６７８";
        var finding = Single(text, SensitiveKinds.PhoneNumber);
        Assert.Equal("１３８１２３４５６７８", text.Substring(finding.Start, finding.Length));
    }

    [Fact]
    public void Overlaps_go_to_the_higher_priority_detector()
    {
        // 18 digits that are a valid ID number and also pass Luhn would be a UnionPay-length card: the ID wins.
        var findings = Scanner.Scan("证件 11010519491231002X 和手机 13812345678");
        Assert.Equal([SensitiveKinds.ChineseIdNumber, SensitiveKinds.PhoneNumber], findings.Select(f => f.Kind));
    }

    [Fact]
    public void Qabot_scan_masks_every_finding_in_each_excerpt_and_keeps_segment_times()
    {
        var scanner = new ComplianceScanner(Scanner, TimeProvider.System);
        var segments = new[]
        {
            new TranscriptSegment(0, 0, 4, "欢迎大家参加培训。"),
            new TranscriptSegment(1, 4, 9.5, "客户张三的身份证是11010519491231002X，手机13812345678，邮箱zhang.san@example.com。"),
        };
        var audit = scanner.Scan("lec", "Title", segments);

        Assert.Equal(3, audit.Alerts.Count);
        Assert.Equal(1, audit.CountsByKind[SensitiveKinds.ChineseIdNumber]);
        Assert.All(audit.Alerts, a =>
        {
            Assert.Equal(1, a.SegmentId);
            Assert.Equal(4, a.Start);
            Assert.Equal(9.5, a.End);
            Assert.DoesNotContain("11010519491231002X", a.Excerpt);
            Assert.DoesNotContain("13812345678", a.Excerpt);
            Assert.DoesNotContain("zhang.san@", a.Excerpt);
            Assert.Contains("110***********002X", a.Excerpt);
            Assert.NotNull(a.Reason);
        });
        Assert.True(scanner.Scan("clean", "Clean", [segments[0]]).Clean);
    }
}
