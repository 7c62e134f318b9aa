using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.QaBot.Ingest;
using FunAsr.QaBot.Lectures;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using FunAsr.Security.Authorization;
using FunAsr.Tests.Security;
using FunAsr.Text.Subtitles;

namespace FunAsr.Tests.QaBot;

/// <summary>The corrections a content team makes to a transcript, applied without a store: what each edit does and refuses.</summary>
public sealed class TranscriptEditorTests
{
    private static Lecture Lecture(params TranscriptSegment[] segments) =>
        new("lec", "Title", "en", segments[^1].End, DateTimeOffset.UnixEpoch, "api", "hash", false, 0, segments);

    private static readonly TranscriptSegment Timed = new(0, 1, 4, "hello world again",
        [new("hello", 1.2, 1.6), new("world", 1.8, 2.4), new("again", 3.0, 3.6)]);

    [Fact]
    public void A_split_cuts_where_the_next_word_was_said_and_keeps_each_sides_words()
    {
        var (lecture, changes) = TranscriptEditor.Apply(Lecture(Timed), [new("split", 0, At: 11)]);

        Assert.Equal(["hello world", "again"], lecture.Segments.Select(s => s.Text));
        Assert.Equal((1, 3.0), (lecture.Segments[0].Start, lecture.Segments[0].End));
        Assert.Equal((3.0, 4), (lecture.Segments[1].Start, lecture.Segments[1].End));
        Assert.Equal(["again"], lecture.Segments[1].Words!.Select(w => w.Word));
        Assert.Equal([0, 1], lecture.Segments.Select(s => s.Id));
        Assert.Equal("split", Assert.Single(changes).Op);
    }

    [Fact]
    public void A_split_without_word_times_cuts_in_proportion_and_a_given_time_wins()
    {
        var untimed = new TranscriptSegment(0, 0, 10, "first part second part");
        var (byLength, _) = TranscriptEditor.Apply(Lecture(untimed), [new("split", 0, At: 10)]);
        Assert.InRange(byLength.Segments[0].End, 4, 6);

        var (byTime, _) = TranscriptEditor.Apply(Lecture(untimed), [new("split", 0, At: 10, Time: 7.5)]);
        Assert.Equal(7.5, byTime.Segments[1].Start);
    }

    [Fact]
    public void Merge_joins_by_the_one_joining_rule_and_a_text_edit_drops_the_stale_word_times()
    {
        var chinese = Lecture(new TranscriptSegment(0, 0, 1, "今天天气很好。"), new TranscriptSegment(1, 1, 2, "我们一起学习"), new TranscriptSegment(2, 2, 3, "Hello."));

        var (merged, _) = TranscriptEditor.Apply(chinese, [new("merge", 0), new("merge", 0)]);
        Assert.Equal("今天天气很好。我们一起学习 Hello.", Assert.Single(merged.Segments).Text);
        Assert.Equal((0, 3), (merged.Segments[0].Start, merged.Segments[0].End));

        var (edited, changes) = TranscriptEditor.Apply(Lecture(Timed), [new("text", 0, Text: "hello word again")]);
        Assert.Null(edited.Segments[0].Words);
        Assert.Equal(new LectureChange("text", 0, "hello world again", "hello word again"), Assert.Single(changes));
    }

    [Fact]
    public void Title_visibility_and_times_change_with_a_record_of_before_and_after()
    {
        var (lecture, changes) = TranscriptEditor.Apply(Lecture(Timed),
            [new("title", Title: "Renamed"), new("visibility", Visibility: "private"), new("times", 0, Start: 1.1, End: 3.7), new("language", Language: "ZH")]);

        Assert.Equal(("Renamed", "private", "zh"), (lecture.Title, lecture.Visibility, lecture.Language));
        Assert.Equal((1.1, 3.7), (lecture.Segments[0].Start, lecture.Segments[0].End));
        Assert.Equal(["title", "visibility", "times", "language"], changes.Select(c => c.Op));
        Assert.Equal(("1-4", "1.1-3.7"), (changes[2].Before, changes[2].After));
        Assert.Equal(("en", "zh"), (changes[3].Before, changes[3].After));
    }

    [Theory]
    [InlineData("text", 5, null, "'segment' must name one of the 1 segments")]
    [InlineData("text", 0, "  ", "'text' may not be empty")]
    [InlineData("split", 0, null, "'at' must be a character position")]
    [InlineData("merge", 0, null, "no next segment")]
    [InlineData("rewrite", 0, null, "Unknown op 'rewrite'")]
    public void Edits_that_cannot_apply_say_why(string op, int segment, string? text, string reason)
    {
        var error = Assert.Throws<LectureValidationException>(() => TranscriptEditor.Apply(Lecture(Timed), [new(op, segment, Text: text)]));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Times_keep_a_segment_in_its_place()
    {
        var two = Lecture(new TranscriptSegment(0, 1, 2, "one"), new TranscriptSegment(1, 2, 4, "two"));
        Assert.Contains("before segment 0", Assert.Throws<LectureValidationException>(() =>
            TranscriptEditor.Apply(two, [new("times", 1, Start: 0.5, End: 3)])).Message);
        Assert.Contains("need 0 <= start < end", Assert.Throws<LectureValidationException>(() =>
            TranscriptEditor.Apply(two, [new("times", 0, Start: 1, End: 1)])).Message);
    }
}

/// <summary>
/// Corrections through the API against a real Redis: versioned with who and when, checked against concurrent saves,
/// re-indexed so the Q&amp;A answers with the corrected text, exported as subtitles, and never undone by a re-delivered transcript.
/// </summary>
public sealed class LectureEditingTests : IAsyncLifetime
{
    private const string LectureId = "onboarding-en";
    private const int MealSegment = 17;
    private RedisServer _redis = null!;
    private QaBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _factory = new QaBotFactory(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private HttpClient Client(string actor = "key-0")
    {
        var client = _factory.CreateClient();
        return client.ActAs(TestTokens.Person(actor, Roles.Content));
    }

    private static async Task<HttpResponseMessage> EditAsync(HttpClient client, int? baseVersion, params object[] edits) =>
        await client.PostAsJsonAsync($"/api/qa/lectures/{LectureId}/edits", new { baseVersion, edits });

    [Fact]
    public async Task An_edited_transcript_answers_questions_with_the_edited_text()
    {
        using var client = Client();
        (await QaBotFixtures.PostAsync(client, LectureId)).EnsureSuccessStatusCode();
        const string question = "How much is the meal allowance while travelling?";
        var before = await QaBotIngestTests.AskAsync(client, question);
        Assert.Contains("seventy-five dollars", before.Citations[0].Text);

        using var edited = await EditAsync(client, 1,
            new { op = "text", segment = MealSegment, text = "The meal allowance while travelling is ninety dollars per day, and alcohol cannot be expensed." });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var lecture = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, lecture.GetProperty("version").GetInt32());

        var after = await QaBotIngestTests.AskAsync(client, question);
        Assert.Contains("ninety dollars", after.Citations[0].Text);
        Assert.DoesNotContain(after.Citations, c => c.Text.Contains("seventy-five", StringComparison.Ordinal));
        Assert.Contains("ninety dollars", after.Answer);
    }

    [Fact]
    public async Task Every_save_is_a_version_with_who_when_and_what_and_a_stale_save_is_refused()
    {
        using var client = Client("key-0");
        (await QaBotFixtures.PostAsync(client, LectureId)).EnsureSuccessStatusCode();
        using var other = Client("key-1");

        (await EditAsync(client, 1, new { op = "title", title = "Onboarding, corrected" }, new { op = "split", segment = 2, at = 30 })).EnsureSuccessStatusCode();
        using var stale = await EditAsync(other, 1, new { op = "merge", segment = 0 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(2, (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt32());
        (await EditAsync(other, 2, new { op = "merge", segment = 2 })).EnsureSuccessStatusCode();

        var versions = (await client.GetFromJsonAsync<List<LectureVersion>>($"/api/qa/lectures/{LectureId}/versions", JsonSerializerOptions.Web))!;
        Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
        Assert.Equal(["key-0", "key-0", "key-1"], versions.Select(v => v.Actor));
        Assert.Equal(["title", "split"], versions[1].Changes.Select(c => c.Op));
        Assert.Equal("Onboarding, corrected", versions[1].Changes[0].After);
        Assert.All(versions.Skip(1), v => Assert.True(v.At > versions[0].At));
        var lecture = await client.GetFromJsonAsync<JsonElement>($"/api/qa/lectures/{LectureId}");
        Assert.Equal("Onboarding, corrected", lecture.GetProperty("title").GetString());
        Assert.Equal(47, lecture.GetProperty("segments").GetArrayLength());
    }

    [Fact]
    public async Task A_preview_shows_what_the_edits_would_do_and_stores_nothing()
    {
        using var client = Client();
        (await QaBotFixtures.PostAsync(client, LectureId)).EnsureSuccessStatusCode();

        using var previewed = await client.PostAsJsonAsync($"/api/qa/lectures/{LectureId}/edits?preview=true",
            new { baseVersion = 1, edits = new object[] { new { op = "split", segment = 0, at = 13 }, new { op = "merge", segment = 1 } } });

        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var shown = await previewed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Good morning", shown.GetProperty("segments")[0].GetProperty("text").GetString());
        Assert.Equal(47, shown.GetProperty("segments").GetArrayLength());
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/qa/lectures/{LectureId}");
        Assert.Equal(1, stored.GetProperty("version").GetInt32());
        Assert.StartsWith("Good morning everyone", stored.GetProperty("segments")[0].GetProperty("text").GetString());
        Assert.Single((await client.GetFromJsonAsync<List<JsonElement>>($"/api/qa/lectures/{LectureId}/versions"))!);
    }

    [Fact]
    public async Task Subtitles_are_written_from_the_corrected_text_by_the_shared_writer()
    {
        using var client = Client();
        (await QaBotFixtures.PostAsync(client, LectureId)).EnsureSuccessStatusCode();
        (await EditAsync(client, 1, new { op = "text", segment = 0, text = "Good morning & welcome <all> to Northwind." })).EnsureSuccessStatusCode();

        var srt = AsrRequests.ParseCues(await client.GetStringAsync($"/api/qa/lectures/{LectureId}/subtitles?format=srt"), vtt: false);
        var vtt = await client.GetStringAsync($"/api/qa/lectures/{LectureId}/subtitles?format=vtt");
        var txt = await client.GetStringAsync($"/api/qa/lectures/{LectureId}/subtitles?format=txt");

        Assert.Equal("Good morning & welcome <all> to Northwind.", srt[0].Text);
        Assert.Contains("Good morning &amp; welcome &lt;all&gt; to Northwind.", vtt);
        Assert.StartsWith("Good morning & welcome <all> to Northwind.\n", txt);
        var rules = new SubtitleRules();
        Assert.All(srt, c =>
        {
            Assert.InRange(c.Text.Split('\n').Length, 1, 2);
            Assert.All(c.Text.Split('\n'), l => Assert.True(rules.Width(l) <= rules.MaxLineLength, l));
            Assert.InRange(c.End - c.Start, rules.MinCueSeconds - 0.001, rules.MaxCueSeconds + 0.001);
        });
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/qa/lectures/{LectureId}/subtitles?format=doc")).StatusCode);
    }

    [Fact]
    public async Task A_private_lecture_is_seen_and_edited_only_by_its_owner()
    {
        using var owner = Client("key-0");
        using var other = Client("key-1");
        using var created = await owner.PostAsJsonAsync("/api/qa/lectures", new
        {
            id = "mine",
            title = "Draft",
            visibility = "private",
            segments = new[] { new { start = 0.0, end = 2.0, text = "A private draft." } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Contains(await owner.GetFromJsonAsync<List<JsonElement>>("/api/qa/lectures") ?? [], l => l.GetProperty("id").GetString() == "mine");
        Assert.DoesNotContain(await other.GetFromJsonAsync<List<JsonElement>>("/api/qa/lectures") ?? [], l => l.GetProperty("id").GetString() == "mine");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/qa/lectures/mine")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync("/api/qa/lectures/mine/edits", new { edits = new[] { new { op = "title", title = "x" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/qa/lectures/mine/edits", new { edits = new[] { new { op = "visibility", visibility = "everyone" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/qa/lectures/mine")).StatusCode);
        using var bad = await owner.PostAsJsonAsync("/api/qa/lectures", new { id = "x", title = "t", visibility = "team", text = "Some text." });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_transcript_delivered_again_by_the_asr_service_does_not_undo_corrections()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        using var client = Client();
        await QaBotFixtures.PublishAsync(db, LectureId);
        await QaBotFixtures.WaitUntilAsync(async () => (await client.GetAsync($"/api/qa/lectures/{LectureId}")).IsSuccessStatusCode, "the lecture arrives");
        (await EditAsync(client, 1, new { op = "text", segment = 0, text = "Corrected opening line." })).EnsureSuccessStatusCode();

        await QaBotFixtures.PublishAsync(db, LectureId);
        await QaBotFixtures.WaitUntilAsync(async () => (await db.StreamPendingAsync("transcripts", "qabot")).PendingMessageCount == 0
            && (await db.StreamGroupInfoAsync("transcripts")).Single().LastDeliveredId == (await db.StreamInfoAsync("transcripts")).LastEntry.Id,
            "the second delivery is consumed");

        var lecture = await client.GetFromJsonAsync<JsonElement>($"/api/qa/lectures/{LectureId}");
        Assert.Equal("Corrected opening line.", lecture.GetProperty("segments")[0].GetProperty("text").GetString());
        Assert.Equal(2, lecture.GetProperty("version").GetInt32());

        // It came from the stream without an owner: whoever makes it private keeps it.
        (await EditAsync(client, 2, new { op = "visibility", visibility = "private" })).EnsureSuccessStatusCode();
        using var other = Client("key-1");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/qa/lectures/{LectureId}")).StatusCode);
        Assert.Equal("key-0", (await client.GetFromJsonAsync<JsonElement>($"/api/qa/lectures/{LectureId}")).GetProperty("owner").GetString());
    }
}
