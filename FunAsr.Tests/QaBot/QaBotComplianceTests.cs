using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.QaBot;

public sealed class QaBotComplianceTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Ingest_records_masked_alerts_in_the_alerts_stream_the_audit_report_and_the_lecture_list()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var factory = new QaBotFactory(redis.ConnectionString);
        using var client = factory.CreateClient();
        using (var created = await client.PostAsJsonAsync("/api/qa/lectures", new
        {
            id = "call-review", title = "客服录音复盘", language = "zh",
            segments = new[]
            {
                new { start = 0.0, end = 3.0, text = "今天我们复盘一通客服电话。" },
                new { start = 3.0, end = 9.0, text = "客户报了身份证号11010519491231002X和银行卡6222 0202 0000 1234 562。" },
                new { start = 9.0, end = 12.5, text = "回访电话是13812345678，邮箱zhang.san@example.com。" },
                new { start = 12.5, end = 15.0, text = "他还提到了内幕消息，这是违规的。" },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var clean = await QaBotFixtures.PostAsync(client, "onboarding-zh"))
        {
            Assert.Equal(HttpStatusCode.Created, clean.StatusCode);
        }

        var audit = (await client.GetFromJsonAsync<JsonElement>("/api/qa/lectures/call-review/audit", Json));
        Assert.Equal(5, audit.GetProperty("alerts").GetArrayLength());
        foreach (var kind in new[] { "chineseIdNumber", "bankCard", "phoneNumber", "email", "sensitiveTerm" })
        {
            Assert.Equal(1, audit.GetProperty("countsByKind").GetProperty(kind).GetInt32());
        }
        var raw = audit.GetRawText();
        Assert.DoesNotContain("11010519491231002X", raw);
        Assert.DoesNotContain("6222 0202 0000 1234 562", raw);
        Assert.DoesNotContain("13812345678", raw);
        Assert.DoesNotContain("zhang.san@example.com", raw);
        var idAlert = audit.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "chineseIdNumber");
        Assert.Equal(3.0, idAlert.GetProperty("start").GetDouble());
        Assert.Equal(9.0, idAlert.GetProperty("end").GetDouble());
        Assert.Contains("110***********002X", idAlert.GetProperty("excerpt").GetString());
        Assert.Contains("**** **** **** 4562", idAlert.GetProperty("excerpt").GetString());

        var alerts = await client.GetFromJsonAsync<List<JsonElement>>("/api/qa/alerts?lectureId=call-review", Json);
        Assert.Equal(5, alerts!.Count);
        await using var connection = await redis.ConnectAsync();
        var stream = await connection.GetDatabase().StreamRangeAsync("alerts");
        Assert.Equal(5, stream.Count(e => e["lectureId"] == "call-review"));
        Assert.All(stream, e => Assert.DoesNotContain("13812345678", e["excerpt"].ToString()));

        var lectures = await client.GetFromJsonAsync<List<LectureSummaryResult>>("/api/qa/lectures", Json);
        Assert.Equal(5, lectures!.Single(l => l.Id == "call-review").AlertCount);
        // The fixture announces the IT service desk's published landline (not personal data, so not an alert) and the HR
        // mailbox: only the mailbox is found.
        var fixtureAudit = await client.GetFromJsonAsync<JsonElement>("/api/qa/lectures/onboarding-zh/audit", Json);
        Assert.Equal(["email"], fixtureAudit.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("kind").GetString()!).ToArray());
        using var missing = await client.GetAsync("/api/qa/lectures/nope/audit");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
