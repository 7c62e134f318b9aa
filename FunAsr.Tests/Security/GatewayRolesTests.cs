using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Data.Accounts;
using FunAsr.Security.Authorization;
using FunAsr.Tests.Browser;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.QaBot;

namespace FunAsr.Tests.Security;

/// <summary>
/// Issue #17's "done when", through the real gateway in front of the real AsrService (known-answer model) and QaBot on
/// one Redis, each person signed in with their own account: an employee asks and cannot delete a lecture (403, from the
/// Q&amp;A service's own check); a content user uploads a recording whose job becomes their lecture and deletes it
/// (audited at the gateway); an admin mints a key for the employee, the key works like the employee, and once revoked
/// it gets 401 on the very next request.
/// </summary>
public sealed class GatewayRolesTests : IAsyncLifetime
{
    private static readonly ToneWordsAudio Speech = ToneWords.Synthesize("今天 天气 很好 。");
    private static async Task<AskResult> AskAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/qa/ask", Question);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AskResult>())!;
    }

    private static readonly object Question = new { question = "今天天气很好吗？", language = "zh" };
    private ServicesStack _stack = null!;

    public async Task InitializeAsync() => _stack = await ServicesStack.StartAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Each_role_does_what_it_may_through_the_gateway_and_a_revoked_key_is_refused_at_once()
    {
        var gateway = _stack.Gateway;
        await gateway.CreateAccountAsync("ada", Roles.Admin);
        await gateway.CreateAccountAsync("carl", Roles.Content, "sales");
        var emmaAccount = await gateway.CreateAccountAsync("emma", Roles.Employee, "sales");
        using var admin = await gateway.SignedInClientAsync("ada");
        using var carl = await gateway.SignedInClientAsync("carl");
        using var emma = await gateway.SignedInClientAsync("emma");

        // The content user uploads a recording; its job becomes their lecture, shared with everyone by default.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Speech.ToWav());
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "weather.wav");
        form.Add(new StringContent("Weather briefing"), "title");
        using var submitted = await carl.PostAsync("/api/asr/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await QaBotFixtures.WaitUntilAsync(async () => (await carl.GetAsync($"/api/qa/lectures/{id}")).IsSuccessStatusCode,
            "the job's lecture reaches the library", TimeSpan.FromSeconds(60));
        var lecture = await carl.GetFromJsonAsync<JsonElement>($"/api/qa/lectures/{id}");
        Assert.Equal("carl", lecture.GetProperty("ownerName").GetString());

        // The employee may not upload, but asks and is answered from it, and may not delete it.
        using (var refused = await emma.PostAsync("/api/asr/jobs", new MultipartFormDataContent { { new ByteArrayContent(Speech.ToWav()), "file", "x.wav" } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        // The search index takes the lecture in shortly after it is stored.
        await QaBotFixtures.WaitUntilAsync(async () => (await AskAsync(carl)).Citations.Any(c => c.LectureId == id), "the lecture is searchable");
        using (var asked = await emma.PostAsJsonAsync("/api/qa/ask", Question))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            var answer = await asked.Content.ReadFromJsonAsync<AskResult>();
            Assert.Contains(answer!.Citations, c => c.LectureId == id);
        }
        using (var notDeleted = await emma.DeleteAsync($"/api/qa/lectures/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notDeleted.StatusCode);
            Assert.Equal("forbidden", (await notDeleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        // The content user deletes their own lecture; the gateway audits who did.
        Assert.Equal(HttpStatusCode.NoContent, (await carl.DeleteAsync($"/api/qa/lectures/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await emma.GetAsync($"/api/qa/lectures/{id}")).StatusCode);
        Assert.Contains(AuditKinds.LectureDeleted, await SignInTests.AuditKindsAsync(gateway));

        // The admin mints a key for the employee: it acts as her, so it asks but may not upload.
        using var minted = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "emma's laptop", role = Roles.Employee, accountId = emmaAccount.Id, expiresInDays = 1 });
        Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
        var body = await minted.Content.ReadFromJsonAsync<JsonElement>();
        using var sdk = new HttpClient { BaseAddress = gateway.Address };
        sdk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await sdk.PostAsJsonAsync("/api/qa/ask", Question)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sdk.GetAsync("/v1/models")).StatusCode);
        using (var upload = new MultipartFormDataContent { { new ByteArrayContent(Speech.ToWav()), "file", "x.wav" } })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await sdk.PostAsync("/v1/audio/transcriptions", upload)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/keys/{body.GetProperty("id").GetString()}")).StatusCode);
        using var revoked = await sdk.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("revoked_api_key", (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await sdk.PostAsJsonAsync("/api/qa/ask", Question)).StatusCode);
    }
}
