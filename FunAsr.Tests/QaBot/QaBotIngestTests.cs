using System.Net;
using System.Net.Http.Json;
using FunAsr.QaBot.Retrieval;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FunAsr.Tests.QaBot;

public sealed class QaBotIngestTests
{
    private static readonly string[] Probes =
    [
        "How many days of annual leave do full-time employees get?",
        "What is the meal allowance per day when travelling?",
        "新员工的试用期多长？",
        "收到可疑邮件应该怎么处理？",
    ];

    [Fact]
    public async Task Transcripts_from_the_stream_are_ingested_acknowledged_and_answered_the_same_after_a_restart()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        foreach (var id in QaBotFixtures.LectureIds)
        {
            await QaBotFixtures.PublishAsync(db, id);
        }

        List<AskResult> before;
        await using (var first = new QaBotFactory(redis.ConnectionString))
        {
            using var client = first.CreateClient();
            var index = first.Services.GetRequiredService<PassageIndex>();
            await QaBotFixtures.WaitUntilAsync(() => Task.FromResult(index.LectureHashes.Count == 2), "both lectures are indexed");
            before = await AskAllAsync(client);
            var pending = await db.StreamPendingAsync("transcripts", "qabot");
            Assert.Equal(0, pending.PendingMessageCount);
        }

        await using var second = new QaBotFactory(redis.ConnectionString);
        using var again = second.CreateClient();
        var after = await AskAllAsync(again);
        Assert.All(before, b => Assert.True(b.Found, b.Answer));
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Answer, after[i].Answer);
            Assert.Equal(before[i].Citations.Select(c => c.Id), after[i].Citations.Select(c => c.Id));
        }
    }

    [Fact]
    public async Task Duplicate_ingest_through_stream_and_api_does_not_duplicate_passages_or_alerts()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        await using var factory = new QaBotFactory(redis.ConnectionString);
        using var client = factory.CreateClient();
        var index = factory.Services.GetRequiredService<PassageIndex>();

        await QaBotFixtures.PublishAsync(db, "onboarding-en");
        // Stored in Redis first, indexed right after: wait for the index, not the list.
        await QaBotFixtures.WaitUntilAsync(() => Task.FromResult(index.LectureHashes.Count == 1), "the lecture is indexed");
        var passages = index.PassageCount;
        var alerts = await db.StreamLengthAsync("alerts");
        Assert.True(passages > 10);
        Assert.True(alerts > 0, "the English fixture contains an e-mail address");

        await QaBotFixtures.PublishAsync(db, "onboarding-en");
        using var posted = await QaBotFixtures.PostAsync(client, "onboarding-en");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode); // 200, not 201: nothing new was stored
        await QaBotFixtures.WaitUntilAsync(async () => (await db.StreamPendingAsync("transcripts", "qabot")).PendingMessageCount == 0
            && (await db.StreamGroupInfoAsync("transcripts")).Single().LastDeliveredId == (await db.StreamInfoAsync("transcripts")).LastEntry.Id,
            "the duplicate stream entry is consumed");

        Assert.Equal(passages, index.PassageCount);
        Assert.Equal(alerts, await db.StreamLengthAsync("alerts"));
        var lectures = await client.GetFromJsonAsync<List<LectureSummaryResult>>("/api/qa/lectures");
        Assert.Single(lectures!);
        var answer = await AskAsync(client, "How long is the probation period?");
        Assert.Equal(answer.Citations.Count, answer.Citations.Select(c => c.Text).Distinct().Count());
    }

    [Fact]
    public async Task Each_job_is_ingested_once_whatever_the_stream_delivers_again_even_after_its_group_is_recreated()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        await using var factory = new QaBotFactory(redis.ConnectionString);
        using var client = factory.CreateClient();
        var index = factory.Services.GetRequiredService<PassageIndex>();

        await PublishForJobAsync(db, "job-1", "onboarding-en");
        await QaBotFixtures.WaitUntilAsync(() => Task.FromResult(index.LectureHashes.Count == 1), "job-1's lecture is indexed");
        // A second entry for the same job (a publisher that retried) carries another lecture: it is not ingested.
        await PublishForJobAsync(db, "job-1", "onboarding-zh");
        await WaitConsumedAsync(db);
        Assert.Single(index.LectureHashes);
        Assert.Single((await client.GetFromJsonAsync<List<LectureSummaryResult>>("/api/qa/lectures"))!);

        // The lecture is deleted by its owner; the group is lost and recreated from the stream's start: the old entries
        // are delivered again and must not bring the deleted lecture back.
        using (var deleted = await client.DeleteAsync("/api/qa/lectures/onboarding-en"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        await db.ExecuteAsync("XGROUP", "DESTROY", "transcripts", "qabot");
        await PublishForJobAsync(db, "job-2", "onboarding-zh");
        await QaBotFixtures.WaitUntilAsync(() => Task.FromResult(index.LectureHashes.Count == 1 && index.LectureHashes.ContainsKey("onboarding-zh")),
            "job-2's lecture alone is indexed");
        await WaitConsumedAsync(db);
        var lectures = await client.GetFromJsonAsync<List<LectureSummaryResult>>("/api/qa/lectures");
        Assert.Equal(["onboarding-zh"], lectures!.Select(l => l.Id));
        Assert.Equal(2, await db.SortedSetLengthAsync(FunAsr.QaBot.Ingest.TranscriptEntryHandler.IngestedJobsKey));
    }

    private static Task<RedisValue> PublishForJobAsync(IDatabase db, string jobId, string lectureId) =>
        db.StreamAddAsync("transcripts",
        [
            new("jobId", jobId),
            new("lectureId", lectureId),
            new("title", QaBotFixtures.Transcript(lectureId)["title"]!.GetValue<string>()),
            new("language", QaBotFixtures.Transcript(lectureId)["language"]!.GetValue<string>()),
            new("payload", QaBotFixtures.TranscriptJson(lectureId)),
        ]);

    private static Task WaitConsumedAsync(IDatabase db) => QaBotFixtures.WaitUntilAsync(async () =>
        (await db.StreamGroupInfoAsync("transcripts")).SingleOrDefault() is { PendingMessageCount: 0 } group
        && group.LastDeliveredId == (await db.StreamInfoAsync("transcripts")).LastEntry.Id, "every entry is consumed");

    [Fact]
    public async Task Entries_left_pending_by_a_crashed_consumer_are_reclaimed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        await db.StreamCreateConsumerGroupAsync("transcripts", "qabot", StreamPosition.Beginning, createStream: true);
        await QaBotFixtures.PublishAsync(db, "onboarding-zh");
        var taken = await db.StreamReadGroupAsync("transcripts", "qabot", "crashed-replica", StreamPosition.NewMessages, 10);
        Assert.Single(taken);

        await using var factory = new QaBotFactory(redis.ConnectionString, new Dictionary<string, string?> { ["QaBot:Ingest:ClaimMinIdle"] = "00:00:00" });
        using var client = factory.CreateClient();
        await WaitForLecturesAsync(client, 1);
        await QaBotFixtures.WaitUntilAsync(async () => (await db.StreamPendingAsync("transcripts", "qabot")).PendingMessageCount == 0, "the reclaimed entry is acknowledged");
    }

    [Fact]
    public async Task A_lecture_ingested_on_one_replica_is_answered_and_deleted_on_another()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var replicaA = new QaBotFactory(redis.ConnectionString);
        await using var replicaB = new QaBotFactory(redis.ConnectionString);
        using var a = replicaA.CreateClient();
        using var b = replicaB.CreateClient();

        using (var created = await QaBotFixtures.PostAsync(a, "onboarding-en"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var question = "What is the keyboard shortcut to lock the screen on Windows?";
        await QaBotFixtures.WaitUntilAsync(async () => (await AskAsync(b, question)).Found, "replica B answers from replica A's ingest");
        Assert.Equal((await AskAsync(a, question)).Answer, (await AskAsync(b, question)).Answer);

        using (var deleted = await a.DeleteAsync("/api/qa/lectures/onboarding-en"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        await QaBotFixtures.WaitUntilAsync(async () => !(await AskAsync(b, question)).Found, "replica B forgets the deleted lecture");
        using var missing = await b.GetAsync("/api/qa/lectures/onboarding-en");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Plain_text_lectures_get_estimated_times_and_bad_input_gets_problem_details()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var factory = new QaBotFactory(redis.ConnectionString);
        using var client = factory.CreateClient();

        using var created = await client.PostAsJsonAsync("/api/qa/lectures", new
        {
            id = "plain", title = "Kitchen rules",
            text = "The office kitchen is cleaned every Friday afternoon. Please label your food with your name and the date. Unlabelled food is thrown away on Friday.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await AskAsync(client, "When is the office kitchen cleaned?");
        Assert.True(answer.Found);
        Assert.Contains("every Friday afternoon", answer.Answer);
        Assert.True(answer.Citations[0].End > answer.Citations[0].Start);

        foreach (var bad in new object[] { new { title = "empty" }, new { id = "bad:id", text = "x" }, new { title = "t", segments = new[] { new { start = 5.0, end = 1.0, text = "backwards" } } } })
        {
            using var response = await client.PostAsJsonAsync("/api/qa/lectures", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        using var noQuestion = await client.PostAsJsonAsync("/api/qa/ask", new { question = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noQuestion.StatusCode);
    }

    internal static async Task WaitForLecturesAsync(HttpClient client, int count) =>
        await QaBotFixtures.WaitUntilAsync(async () =>
            (await client.GetFromJsonAsync<List<LectureSummaryResult>>("/api/qa/lectures"))!.Count == count, $"{count} lectures are listed");

    internal static async Task<AskResult> AskAsync(HttpClient client, string question, params string[] lectureIds)
    {
        using var response = await client.PostAsJsonAsync("/api/qa/ask", new { question, lectureIds });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AskResult>())!;
    }

    private static async Task<List<AskResult>> AskAllAsync(HttpClient client)
    {
        var results = new List<AskResult>();
        foreach (var probe in Probes)
        {
            results.Add(await AskAsync(client, probe));
        }
        return results;
    }
}

public sealed record LectureSummaryResult(string Id, string Title, string Language, double Duration, int SegmentCount, int AlertCount);
