using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Ingest;
using FunAsr.QaBot.Lectures;
using FunAsr.Security.Authorization;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Security;

namespace FunAsr.Tests.QaBot;

/// <summary>The speakers of a diarized lecture as a content user corrects them: rename, merge, split and reassign.</summary>
public sealed class LectureSpeakerEditTests
{
    private static Lecture Meeting() => new("m", "Standup", "en", 9, DateTimeOffset.UnixEpoch, "api", "hash", false, 0,
    [
        new TranscriptSegment(0, 0, 3, "the budget is late") { Speaker = "A" },
        new TranscriptSegment(1, 3, 6, "I will fix it. ok thanks", [new("I", 3.1, 3.2), new("will", 3.3, 3.5), new("fix", 3.6, 3.8), new("it.", 3.9, 4.1), new("ok", 5.0, 5.3), new("thanks", 5.4, 5.9)]) { Speaker = "B" },
        new TranscriptSegment(2, 6, 9, "see you tomorrow") { Speaker = "C" },
    ])
    {
        Speakers = [new("A", null, "vp_a"), new("B", "Bob", "vp_b"), new("C", null, "vp_c")],
    };

    [Fact]
    public void A_speaker_is_renamed_and_the_name_can_be_cleared()
    {
        var (named, changes) = TranscriptEditor.Apply(Meeting(), [new("speaker", Speaker: "A", Name: "  Alice "), new("speaker", Speaker: "B", Name: "")]);
        Assert.Equal([("A", "Alice"), ("B", null), ("C", null)], named.Speakers!.Select(s => (s.Id, s.Name)));
        Assert.Equal("vp_a", named.Speakers![0].Voiceprint);
        Assert.Equal(["A: ", "B: Bob"], changes.Select(c => c.Before));
        Assert.Equal("Alice", LectureSpeakers.Label(named, named.Segments[0]));
        Assert.Equal("B", LectureSpeakers.Label(named, named.Segments[1]));
    }

    [Fact]
    public void Merging_two_speakers_moves_the_turns_and_keeps_a_name()
    {
        var (merged, changes) = TranscriptEditor.Apply(Meeting(), [new("merge-speakers", Speaker: "B", Into: "C")]);
        Assert.Equal(["A", "C", "C"], merged.Segments.Select(s => s.Speaker));
        Assert.Equal([("A", null), ("C", "Bob")], merged.Speakers!.Select(s => (s.Id, s.Name)));
        Assert.Equal(new LectureChange("merge-speakers", null, "B", "C"), Assert.Single(changes));
    }

    [Fact]
    public void A_wrongly_merged_turn_is_split_and_its_second_part_assigned_to_another_speaker()
    {
        var (fixedUp, changes) = TranscriptEditor.Apply(Meeting(), [new("split", 1, At: 14), new("assign", 2, Speaker: "A")]);
        Assert.Equal(["I will fix it.", "ok thanks"], fixedUp.Segments.Skip(1).Take(2).Select(s => s.Text));
        Assert.Equal(["A", "B", "A", "C"], fixedUp.Segments.Select(s => s.Speaker));
        Assert.Equal(5.0, fixedUp.Segments[2].Start);
        Assert.Equal(new LectureChange("assign", 2, "B", "A"), changes[1]);

        // A new id adds a speaker; one nobody speaks as any more leaves the list.
        var (added, _) = TranscriptEditor.Apply(Meeting(), [new("assign", 2, Speaker: "D")]);
        Assert.Equal(["A", "B", "D"], added.Speakers!.Select(s => s.Id));
    }

    [Theory]
    [InlineData("speaker", "Z", null, "must name one of the lecture's speakers (A, B, C)")]
    [InlineData("merge-speakers", "A", "A", "the same speaker")]
    [InlineData("merge-speakers", "A", null, "Give the speaker's id as 'into'")]
    [InlineData("assign", null, null, "Give the speaker's id as 'speaker'")]
    public void Speaker_edits_that_cannot_apply_say_why(string op, string? speaker, string? into, string reason)
    {
        var error = Assert.Throws<LectureValidationException>(() => TranscriptEditor.Apply(Meeting(), [new(op, 0, Speaker: speaker, Into: into)]));
        Assert.Contains(reason, error.Message);
        Assert.StartsWith("Edit 0: ", error.Message);
    }

    [Fact]
    public void Ingest_lists_every_segment_speaker_once_and_refuses_duplicates()
    {
        var segments = Meeting().Segments;
        Assert.Equal(["B", "A", "C"], LectureSpeakers.Normalize([new("B", "Bob")], segments)!.Select(s => s.Id));
        Assert.Null(LectureSpeakers.Normalize(null, [new TranscriptSegment(0, 0, 1, "x")]));
        Assert.Contains("listed twice", Assert.Throws<LectureValidationException>(() => LectureSpeakers.Normalize([new("A"), new("A")], segments)).Message);
        Assert.Contains("at most 100", Assert.Throws<LectureValidationException>(() => LectureSpeakers.Normalize([new("A", new string('x', 101))], segments)).Message);
    }
}

/// <summary>Questions about what someone said: the speaker is found in the question and taken out of what is searched.</summary>
public sealed class SpeakerQuestionTests
{
    private static readonly string[] Names = ["Alice", "the finance lead", "王经理"];

    [Theory]
    [InlineData("What did the finance lead say about the budget?", "the finance lead", "What did about the budget?")]
    [InlineData("what does alice think of the launch date", "Alice", "what does of the launch date")]
    [InlineData("王经理说了什么关于预算", "王经理", "了什么关于预算")]
    [InlineData("What is the budget?", null, "What is the budget?")]
    [InlineData("What did Alicea say about it?", null, "What did Alicea say about it?")]
    [InlineData("Is Alice on the team?", null, "Is Alice on the team?")]
    public void A_named_speaker_asked_about_scopes_the_question(string question, string? speaker, string searched)
    {
        var (rest, who) = SpeakerQuestion.Resolve(question, null, Names);
        Assert.Equal(speaker, who);
        Assert.Equal(searched, rest);
    }

    [Fact]
    public void A_requested_speaker_wins_and_a_letter_works_too()
    {
        Assert.Equal(("budget plans", "B"), SpeakerQuestion.Resolve("budget plans", " B ", Names));
        Assert.Equal(("What did about the budget?", "Alice"), SpeakerQuestion.Resolve("What did Alice say about the budget?", "Alice", []));
    }
}

/// <summary>A diarized transcript saved as a lecture: its speakers kept, renamed through the edits API, named in subtitles, asked about, owning action items.</summary>
public sealed class LectureSpeakerApiTests : IAsyncLifetime
{
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

    [Fact]
    public async Task A_renamed_speaker_is_named_in_the_lecture_and_its_subtitles()
    {
        using var client = _factory.CreateClient().ActAs(TestTokens.Person("key-0", Roles.Content));
        using var created = await client.PostAsJsonAsync("/api/qa/lectures", new
        {
            id = "standup",
            title = "Standup",
            speakers = new[] { new { id = "A", voiceprint = "vp_1" } },
            segments = new object[]
            {
                new { start = 0.0, end = 2.0, text = "The budget is late.", speaker = "A" },
                new { start = 2.5, end = 4.0, text = "I will fix the budget tomorrow.", speaker = "B" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lecture = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["A", "B"], lecture.GetProperty("speakers").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("vp_1", lecture.GetProperty("speakers")[0].GetProperty("voiceprint").GetString());

        using var renamed = await client.PostAsJsonAsync("/api/qa/lectures/standup/edits", new { baseVersion = 1, edits = new[] { new { op = "speaker", speaker = "B", name = "Bob" } } });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var srt = AsrRequests.ParseCues(await client.GetStringAsync("/api/qa/lectures/standup/subtitles?format=srt&speaker_labels=true"), vtt: false);
        Assert.Equal(["A: The budget is late.", "Bob: I will fix the budget tomorrow."], srt.Select(c => c.Text));
        var plain = AsrRequests.ParseCues(await client.GetStringAsync("/api/qa/lectures/standup/subtitles?format=srt"), vtt: false);
        Assert.Equal(["The budget is late.", "I will fix the budget tomorrow."], plain.Select(c => c.Text));

        // Asking what Bob said answers from Bob's words, not Alice's, though both talk about the budget.
        using var asked = await client.PostAsJsonAsync("/api/qa/ask", new { question = "What did Bob say about the budget?" });
        var answer = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("found").GetBoolean(), answer.ToString());
        Assert.Equal("Bob", answer.GetProperty("speaker").GetString());
        Assert.Contains("fix the budget", answer.GetProperty("answer").GetString());
        Assert.All(answer.GetProperty("citations").EnumerateArray(), c => Assert.Equal("Bob", c.GetProperty("speaker").GetString()));
        using var asA = await client.PostAsJsonAsync("/api/qa/ask", new { question = "the budget", speaker = "A" });
        var fromA = await asA.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("budget is late", fromA.GetProperty("answer").GetString());
        Assert.Equal("A", fromA.GetProperty("citations")[0].GetProperty("speaker").GetString());

        // Notes: Bob's "I will …" is an action item Bob owns.
        using var notesResponse = await client.PostAsync("/api/qa/lectures/standup/notes", null);
        var notes = await notesResponse.Content.ReadFromJsonAsync<JsonElement>();
        var action = Assert.Single(notes.GetProperty("actions").EnumerateArray());
        Assert.Equal(("I will fix the budget tomorrow.", "Bob"), (action.GetProperty("text").GetString(), action.GetProperty("owner").GetString()));
        Assert.Equal(2.5, action.GetProperty("start").GetDouble());
        Assert.Equal("Bob: I will fix the budget tomorrow.", Assert.Single(notes.GetProperty("actionItems").EnumerateArray()).GetString());

        using var bad = await client.PostAsJsonAsync("/api/qa/lectures", new
        {
            id = "bad",
            segments = new[] { new { start = 0.0, end = 1.0, text = "x", speaker = new string('s', 65) } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
