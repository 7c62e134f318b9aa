using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunAsr.Security.Authorization;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.QaBot;

namespace FunAsr.Tests.Security;

/// <summary>
/// Who sees what, on the real QaBot and AsrService sharing one Redis: lectures, jobs and kept recordings carry an owner
/// and a visibility (everyone, a department, private). Employees see what is shared with them and change nothing; content
/// users manage their own and what is shared with them; admins everything; what someone may not see answers 404 as if
/// absent. The Q&amp;A answers only from lectures the asker may read, whatever lecture ids they name; a recording is shared
/// as the lecture that uses it, and a job's lecture is shared as the job.
/// </summary>
public sealed class DataAccessTests : IAsyncLifetime
{
    private const string Question = "How long is the probation period?";
    private static readonly ToneWordsAudio Speech = ToneWords.Synthesize("▁the ▁weather ▁is ▁nice ▁to day");
    private static readonly Caller Carl = TestTokens.Person("carl", Roles.Content, "sales");
    private static readonly Caller Dana = TestTokens.Person("dana", Roles.Content, "sales");
    private static readonly Caller Emma = TestTokens.Person("emma", Roles.Employee, "sales");
    private static readonly Caller Erik = TestTokens.Person("erik", Roles.Employee, "support");
    private readonly string _storage = Directory.CreateTempSubdirectory("funasr-data-access-test-").FullName;
    private RedisServer _redis = null!;
    private QaBotFactory _qabot = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _qabot = new QaBotFactory(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _qabot.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    private HttpClient Qa(Caller caller) => _qabot.CreateClient().ActAs(caller);

    private AsrServiceHost Asr() => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:cache"] = _redis.ConnectionString,
        ["Asr:Jobs:StoragePath"] = _storage,
        ["Asr:Jobs:PollInterval"] = "00:00:00.050",
    });

    [Fact]
    public async Task Lectures_are_seen_and_managed_as_they_are_shared()
    {
        using var carl = Qa(Carl);
        await CreateAsync(carl, "draft", "private");
        await CreateAsync(carl, "sales-brief", "department");
        await CreateAsync(carl, "all-hands", "everyone");
        using var dana = Qa(Dana);
        using var emma = Qa(Emma);
        using var erik = Qa(Erik);
        using var admin = Qa(TestTokens.Admin);

        Assert.Equal(["all-hands", "draft", "sales-brief"], await ListAsync(carl));
        Assert.Equal(["all-hands", "sales-brief"], await ListAsync(emma));
        Assert.Equal(["all-hands"], await ListAsync(erik));
        Assert.Equal(["all-hands", "draft", "sales-brief"], await ListAsync(admin));
        var brief = await carl.GetFromJsonAsync<JsonElement>("/api/qa/lectures/sales-brief");
        Assert.Equal(("carl", "department", "sales"), (brief.GetProperty("owner").GetString(), brief.GetProperty("visibility").GetString(), brief.GetProperty("department").GetString()));

        // What one may not see does not exist for them, whatever they try.
        Assert.Equal(HttpStatusCode.NotFound, (await emma.GetAsync("/api/qa/lectures/draft")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync("/api/qa/lectures/sales-brief/subtitles?format=srt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync("/api/qa/lectures/sales-brief/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erik.PostAsync("/api/qa/lectures/sales-brief/notes", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dana.DeleteAsync("/api/qa/lectures/draft")).StatusCode);
        using (var taken = await CreateAsync(dana, "draft", "everyone", expect: null))
        {
            // Posting someone else's id does not replace their lecture.
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        }

        // Employees read but change nothing; a content user manages what is shared with them.
        Assert.Equal(HttpStatusCode.Forbidden, (await emma.DeleteAsync("/api/qa/lectures/all-hands")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RenameAsync(dana, "sales-brief", "Sales brief, corrected")).StatusCode);
        Assert.Equal("dana", (await carl.GetFromJsonAsync<List<JsonElement>>("/api/qa/lectures/sales-brief/versions"))![^1].GetProperty("actor").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await dana.DeleteAsync("/api/qa/lectures/all-hands")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/qa/lectures/draft")).StatusCode);
        Assert.Equal(["sales-brief"], await ListAsync(carl));

        // A department share needs a department: the creator's own by default, refused when they have none.
        using var nobody = Qa(TestTokens.Person("nina", Roles.Content));
        using var refused = await CreateAsync(nobody, "x", "department", expect: null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task The_qa_answers_only_from_lectures_the_asker_may_read()
    {
        using var carl = Qa(Carl);
        using var emma = Qa(Emma);
        using var erik = Qa(Erik);
        using var admin = Qa(TestTokens.Admin);
        var transcript = QaBotFixtures.Transcript("onboarding-en");
        using (var created = await carl.PostAsJsonAsync("/api/qa/lectures", new JsonObject
        {
            ["id"] = "onboarding-en",
            ["title"] = transcript["title"]!.DeepClone(),
            ["language"] = "en",
            ["visibility"] = "private",
            ["segments"] = transcript["segments"]!.DeepClone(),
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Contains((await QaBotIngestTests.AskAsync(carl, Question)).Citations, c => c.LectureId == "onboarding-en");
        Assert.True((await QaBotIngestTests.AskAsync(admin, Question)).Found);
        foreach (var lectureIds in new[] { Array.Empty<string>(), ["onboarding-en"] })
        {
            var answer = await QaBotIngestTests.AskAsync(emma, Question, lectureIds);
            Assert.False(answer.Found);
            Assert.Empty(answer.Citations);
        }
        using (var stream = await emma.PostAsJsonAsync("/api/qa/ask/stream", new { question = Question }))
        {
            Assert.DoesNotContain("onboarding-en", await stream.Content.ReadAsStringAsync());
        }
        Assert.Empty((await emma.GetFromJsonAsync<List<JsonElement>>("/api/qa/alerts?lectureId=onboarding-en"))!);

        // Shared with carl's department: emma (sales) is answered from it, erik (support) still is not.
        using (var shared = await carl.PostAsJsonAsync("/api/qa/lectures/onboarding-en/edits", new { edits = new[] { new { op = "visibility", visibility = "department" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        }
        Assert.Contains((await QaBotIngestTests.AskAsync(emma, Question)).Citations, c => c.LectureId == "onboarding-en");
        Assert.Empty((await QaBotIngestTests.AskAsync(erik, Question)).Citations);
    }

    [Fact]
    public async Task Jobs_are_seen_by_whom_they_are_shared_with_and_their_lecture_is_shared_the_same_way()
    {
        await using var asr = Asr();
        await asr.StartAsync();
        using var carl = asr.CreateClient().ActAs(Carl);
        using var dana = asr.CreateClient().ActAs(Dana);
        using var emma = asr.CreateClient().ActAs(Emma);
        using var admin = asr.CreateClient().ActAs(TestTokens.Admin);
        using var qaCarl = Qa(Carl);
        using var qaEmma = Qa(Emma);

        var mine = await SubmitAsync(carl, "private");
        var team = await SubmitAsync(carl, "department");
        foreach (var client in new[] { dana, emma })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/asr/jobs/{mine}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/asr/jobs/{mine}/events")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/asr/jobs/{mine}/result")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/asr/recordings/{mine}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/asr/jobs/{team}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await dana.DeleteAsync($"/api/asr/jobs/{mine}")).StatusCode);
        var job = await admin.GetFromJsonAsync<JsonElement>($"/api/asr/jobs/{mine}");
        Assert.Equal(("carl", "private"), (job.GetProperty("owner").GetString(), job.GetProperty("visibility").GetString()));

        // The finished job's lecture reaches the Q&A with the job's owner and sharing.
        await QaBotFixtures.WaitUntilAsync(async () => (await qaCarl.GetAsync($"/api/qa/lectures/{mine}")).IsSuccessStatusCode, "the private job's lecture arrives", TimeSpan.FromSeconds(60));
        var lecture = await qaCarl.GetFromJsonAsync<JsonElement>($"/api/qa/lectures/{mine}");
        Assert.Equal(("carl", "private"), (lecture.GetProperty("owner").GetString(), lecture.GetProperty("visibility").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await qaEmma.GetAsync($"/api/qa/lectures/{mine}")).StatusCode);
        await QaBotFixtures.WaitUntilAsync(async () => (await qaEmma.GetAsync($"/api/qa/lectures/{team}")).IsSuccessStatusCode, "the department job's lecture is shared with emma", TimeSpan.FromSeconds(60));

        // Its recording is shared as the lecture is now: carl opens the lecture to everyone, and emma may play it.
        using (var opened = await qaCarl.PostAsJsonAsync($"/api/qa/lectures/{mine}/edits", new { edits = new[] { new { op = "visibility", visibility = "everyone" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await emma.GetAsync($"/api/asr/recordings/{mine}")).StatusCode);
    }

    [Fact]
    public async Task A_kept_recording_is_played_by_whom_it_is_shared_with()
    {
        await using var asr = Asr();
        await asr.StartAsync();
        using var carl = asr.CreateClient().ActAs(Carl);
        using var emma = asr.CreateClient().ActAs(Emma);
        using var form = SpeechForm("private");
        using var kept = await carl.PostAsync("/api/asr/recordings", form);
        Assert.Equal(HttpStatusCode.Created, kept.StatusCode);
        var id = (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await carl.GetAsync($"/api/asr/recordings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await emma.GetAsync($"/api/asr/recordings/{id}")).StatusCode);
        using (var reuse = await emma.PostAsync("/api/asr/jobs", UploadIdForm(id)))
        {
            // Nor can someone else re-transcribe it by id (and emma may not submit jobs at all).
            Assert.Equal(HttpStatusCode.Forbidden, reuse.StatusCode);
        }
        using var dana = asr.CreateClient().ActAs(Dana);
        using (var reuse = await dana.PostAsync("/api/asr/jobs", UploadIdForm(id)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
            Assert.Contains("upload_not_found", await reuse.Content.ReadAsStringAsync());
        }

        // The lecture that takes the recording's id decides from then on.
        using var qaCarl = Qa(Carl);
        await CreateAsync(qaCarl, id, "everyone");
        Assert.Equal(HttpStatusCode.OK, (await emma.GetAsync($"/api/asr/recordings/{id}")).StatusCode);
        using (var hidden = await qaCarl.PostAsJsonAsync($"/api/qa/lectures/{id}/edits", new { edits = new[] { new { op = "visibility", visibility = "private" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await emma.GetAsync($"/api/asr/recordings/{id}")).StatusCode);
    }

    private static async Task<HttpResponseMessage> CreateAsync(HttpClient client, string id, string visibility, HttpStatusCode? expect = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync("/api/qa/lectures", new JsonObject
        {
            ["id"] = id,
            ["title"] = id,
            ["language"] = "en",
            ["visibility"] = visibility,
            ["text"] = $"The {id} lecture says that the quarterly numbers are reviewed every Monday.",
        });
        if (expect is { } status)
        {
            Assert.Equal(status, response.StatusCode);
        }
        return response;
    }

    private static Task<HttpResponseMessage> RenameAsync(HttpClient client, string id, string title) =>
        client.PostAsJsonAsync($"/api/qa/lectures/{id}/edits", new { edits = new[] { new { op = "title", title } } });

    private static async Task<string[]> ListAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<List<JsonElement>>("/api/qa/lectures"))!.Select(l => l.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    private static async Task<string> SubmitAsync(HttpClient client, string visibility)
    {
        using var form = SpeechForm(visibility);
        using var response = await client.PostAsync("/api/asr/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static MultipartFormDataContent SpeechForm(string visibility)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Speech.ToWav());
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "speech.wav");
        form.Add(new StringContent(visibility), "visibility");
        return form;
    }

    private static MultipartFormDataContent UploadIdForm(string id) => new() { { new StringContent(id), "uploadId" } };
}
