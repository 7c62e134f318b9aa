using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Messaging;
using FunAsr.QaBot.Ingest;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using FunAsr.Security.Authorization;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FunAsr.Tests.QaBot;

/// <summary>
/// A redacted job's clear transcript, as the speech service publishes it beside the masked one: kept apart from the
/// lecture, never searched, shown only to the role allowed to see it, and each view on the access stream before it is shown.
/// </summary>
public sealed class ClearTextTests : IAsyncLifetime
{
    private const string LectureId = "call-review";
    private const string Masked = "Please call the supplier on [PHONE] before Friday.";
    private const string Clear = "Please call the supplier on 13812345678 before Friday.";

    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await _redis.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_sees_the_clear_text_and_the_view_is_recorded_first_everyone_else_reads_the_masked_lecture()
    {
        await using var factory = new QaBotFactory(_redis.ConnectionString);
        var db = _connection.GetDatabase();
        await PublishAsync(db, LectureId, clear: true);
        using var admin = factory.CreateClient();
        var lecture = await WaitForLectureAsync(admin, LectureId);
        Assert.True(lecture.GetProperty("clearTextKept").GetBoolean());
        Assert.Equal(Masked, lecture.GetProperty("segments")[1].GetProperty("text").GetString());
        Assert.DoesNotContain("13812345678", lecture.GetRawText());

        var view = await admin.GetFromJsonAsync<JsonElement>($"/api/qa/lectures/{LectureId}/clear");
        Assert.Equal(Clear, view.GetProperty("segments")[1].GetProperty("text").GetString());
        Assert.Contains("13812345678", view.GetProperty("text").GetString());
        var entry = Assert.Single(await db.StreamRangeAsync(ComplianceChannels.AccessStream));
        var access = JsonSerializer.Deserialize<ClearTextAccess>(entry[ComplianceChannels.AccessField].ToString(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((LectureId, TestTokens.Admin.Subject, Roles.Admin), (access.LectureId, access.ViewerId, access.Role));
        Assert.Equal(view.GetProperty("recordedAs").GetString(), access.RequestId);

        foreach (var role in new[] { Roles.Employee, Roles.Content })
        {
            using var other = factory.CreateClient().ActAs(TestTokens.Person("someone-" + role, role));
            using var refused = await other.GetAsync($"/api/qa/lectures/{LectureId}/clear");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("13812345678", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(1, await db.StreamLengthAsync(ComplianceChannels.AccessStream));

        // The number is in no passage the bot answers from.
        var index = factory.Services.GetRequiredService<PassageIndex>();
        await QaBotFixtures.WaitUntilAsync(() => Task.FromResult(index.LectureHashes.Count == 1), "the lecture is indexed");
        using var ask = await admin.PostAsJsonAsync("/api/qa/ask", new { question = "When should I call the supplier?" });
        var answer = await ask.Content.ReadAsStringAsync();
        Assert.Contains("[PHONE]", answer);
        Assert.DoesNotContain("13812345678", answer);
    }

    [Fact]
    public async Task A_lecture_without_clear_text_says_so_and_deleting_a_lecture_deletes_its_clear_text()
    {
        await using var factory = new QaBotFactory(_redis.ConnectionString);
        var db = _connection.GetDatabase();
        using var admin = factory.CreateClient();
        await PublishAsync(db, "plain", clear: false);
        await PublishAsync(db, LectureId, clear: true);
        Assert.False((await WaitForLectureAsync(admin, "plain")).GetProperty("clearTextKept").GetBoolean());
        await WaitForLectureAsync(admin, LectureId);

        using var none = await admin.GetAsync("/api/qa/lectures/plain/clear");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("keeps no clear text", await none.Content.ReadAsStringAsync());

        Assert.True(await db.KeyExistsAsync(LectureStore.ClearTextKey(LectureId)));
        using var deleted = await admin.DeleteAsync($"/api/qa/lectures/{LectureId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(await db.KeyExistsAsync(LectureStore.ClearTextKey(LectureId)));
    }

    [Fact]
    public async Task When_the_view_cannot_be_recorded_the_clear_text_is_not_shown()
    {
        await using var factory = new QaBotFactory(_redis.ConnectionString);
        var db = _connection.GetDatabase();
        await PublishAsync(db, LectureId, clear: true);
        using var admin = factory.CreateClient();
        await WaitForLectureAsync(admin, LectureId);
        // The access stream's key holds another type, so Redis refuses the entry (as it would refuse any write it cannot take).
        await db.StringSetAsync(ComplianceChannels.AccessStream, "not a stream");

        using var refused = await admin.GetAsync($"/api/qa/lectures/{LectureId}/clear");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("13812345678", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_clear_text_role_stops_the_service_at_start_naming_the_setting()
    {
        await using var factory = new QaBotFactory(_redis.ConnectionString, new Dictionary<string, string?> { ["QaBot:Compliance:ClearTextRole"] = "auditor" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("QaBot:Compliance:ClearTextRole 'auditor' is not a role", error.ToString());
    }

    private static async Task PublishAsync(IDatabase db, string id, bool clear)
    {
        object Payload(string text) => new
        {
            id,
            title = "Supplier call review",
            language = "en",
            duration = 8.0,
            text = "The review covers supplier calls. " + text,
            segments = new object[]
            {
                new { id = 0, start = 0.0, end = 3.0, text = "The review covers supplier calls." },
                new { id = 1, start = 3.0, end = 8.0, text },
            },
        };
        NameValueEntry[] fields =
        [
            new("jobId", "job-" + id), new("lectureId", id), new("title", "Supplier call review"), new("language", "en"),
            new("payload", JsonSerializer.Serialize(Payload(Masked))),
        ];
        await db.StreamAddAsync("transcripts", clear ? [.. fields, new(TranscriptEntryHandler.ClearPayloadField, JsonSerializer.Serialize(Payload(Clear)))] : fields);
    }

    private static async Task<JsonElement> WaitForLectureAsync(HttpClient client, string id)
    {
        JsonElement lecture = default;
        await QaBotFixtures.WaitUntilAsync(async () =>
        {
            using var response = await client.GetAsync($"/api/qa/lectures/{id}");
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
            lecture = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, $"lecture {id} is ingested");
        return lecture;
    }
}
