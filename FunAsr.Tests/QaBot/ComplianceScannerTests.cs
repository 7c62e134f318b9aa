using FunAsr.QaBot.Compliance;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Lectures;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.QaBot;

public sealed class ComplianceScannerTests
{
    private static readonly ComplianceScanner Scanner = new(
    [
        new ChineseIdNumberDetector(), new BankCardDetector(), new PhoneNumberDetector(), new EmailDetector(),
        new SensitiveTermDetector(Options.Create(new QaBotOptions { Compliance = { SensitiveTerms = ["内幕消息", "insider information"] } })),
    ], TimeProvider.System);

    [Theory]
    [InlineData("我的身份证号是11010519491231002X。", "11010519491231002X")]
    [InlineData("ID 44030419900307123x on file", "44030419900307123x")]
    [InlineData("身份证310115198511208882已登记", "310115198511208882")]
    public void Valid_chinese_id_numbers_are_found(string text, string id)
    {
        var match = Assert.Single(Scanner.FindAll(text));
        Assert.Equal(AlertKinds.ChineseIdNumber, match.Kind);
        Assert.Equal(id, text.Substring(match.Index, match.Length));
        Assert.Equal(id[..3] + "***********" + id[^4..], match.Masked);
    }

    [Theory]
    [InlineData("身份证310115198511208881已登记")] // wrong check digit (and not a Luhn number either)
    [InlineData("编号110105194913310021")]        // month 13: checksum right, date impossible
    [InlineData("工号11010519491231002")]         // 17 digits
    public void Invalid_chinese_id_numbers_are_not_reported(string text) =>
        Assert.DoesNotContain(Scanner.FindAll(text), m => m.Kind == AlertKinds.ChineseIdNumber);

    [Theory]
    [InlineData("卡号 6222 0202 0000 1234 562 请核对", "4562")]
    [InlineData("card 4111-1111-1111-1111 expires soon", "1111")]
    [InlineData("Visa 4532015112830366.", "0366")]
    public void Luhn_valid_card_numbers_are_found_and_masked_to_the_last_four(string text, string lastFour)
    {
        var match = Assert.Single(Scanner.FindAll(text));
        Assert.Equal(AlertKinds.BankCard, match.Kind);
        Assert.Equal("**** **** **** " + lastFour[^4..], match.Masked);
    }

    [Theory]
    [InlineData("card 4111 1111 1111 1112")]
    [InlineData("卡号6222020200001234563")]
    [InlineData("order 2024 0101 0000")]
    public void Card_numbers_failing_luhn_are_not_reported(string text) =>
        Assert.DoesNotContain(Scanner.FindAll(text), m => m.Kind == AlertKinds.BankCard);

    [Theory]
    [InlineData("请拨打13812345678联系我", "138****5678")]
    [InlineData("手机 +86 138 1234 5678", "861******5678")]
    [InlineData("服务台电话是010-58886666。", "010****6666")]
    [InlineData("London office: +44 20 7946 0958", "442*****0958")]
    [InlineData("call (415) 555-0132 today", "415***0132")]
    public void Phone_numbers_are_found_and_masked(string text, string masked)
    {
        var match = Assert.Single(Scanner.FindAll(text));
        Assert.Equal(AlertKinds.PhoneNumber, match.Kind);
        Assert.Equal(masked, match.Masked);
    }

    [Theory]
    [InlineData("号码12345678901无效")]
    [InlineData("会议在10:30开始，版本3.14.159")]
    [InlineData("extension 4400")]
    [InlineData("2024年3月31日之前")]
    public void Numbers_that_are_not_phone_numbers_are_not_reported(string text) => Assert.Empty(Scanner.FindAll(text));

    [Fact]
    public void Emails_are_found_and_masked_and_lookalikes_are_not()
    {
        var match = Assert.Single(Scanner.FindAll("write to zhang.san@example.com now"));
        Assert.Equal(AlertKinds.Email, match.Kind);
        Assert.Equal("z***@example.com", match.Masked);
        Assert.Empty(Scanner.FindAll("user at example dot com, or @handle on social media"));
    }

    [Fact]
    public void Lexicon_terms_match_case_insensitively_on_word_boundaries()
    {
        Assert.Equal(AlertKinds.SensitiveTerm, Assert.Single(Scanner.FindAll("他在会上透露了内幕消息。")).Kind);
        Assert.Equal("insider information", Assert.Single(Scanner.FindAll("Never share Insider Information.")).Term);
        Assert.Empty(Scanner.FindAll("insider informational sessions are public"));
    }

    [Fact]
    public void Scan_masks_every_finding_in_each_excerpt_and_keeps_segment_times()
    {
        var segments = new[]
        {
            new TranscriptSegment(0, 0, 4, "欢迎大家参加培训。"),
            new TranscriptSegment(1, 4, 9.5, "客户张三的身份证是11010519491231002X，手机13812345678，邮箱zhang.san@example.com。"),
        };
        var audit = Scanner.Scan("lec", "Title", segments);

        Assert.Equal(3, audit.Alerts.Count);
        Assert.Equal(1, audit.CountsByKind[AlertKinds.ChineseIdNumber]);
        Assert.All(audit.Alerts, a =>
        {
            Assert.Equal(1, a.SegmentId);
            Assert.Equal(4, a.Start);
            Assert.Equal(9.5, a.End);
            Assert.DoesNotContain("11010519491231002X", a.Excerpt);
            Assert.DoesNotContain("13812345678", a.Excerpt);
            Assert.DoesNotContain("zhang.san@", a.Excerpt);
            Assert.Contains("110***********002X", a.Excerpt);
        });
        Assert.True(Scanner.Scan("clean", "Clean", [segments[0]]).Clean);
    }
}
