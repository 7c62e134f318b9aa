using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Lectures;
using FunAsr.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FunAsr.Tests.Learning;

/// <summary>
/// A trainer saves a correction in QaBot and clicks Generate before the save arrives on the stream: the quiz asks about the
/// corrected text. A QaBot that does not answer in time does not hold the quiz up; the revision indexed here is used.
/// </summary>
public sealed class QuizFreshnessTests
{
    [Fact]
    public async Task A_revision_saved_in_qabot_but_not_yet_streamed_is_what_the_quiz_asks_about()
    {
        var corrected = Renamed(LearningFixtures.Content(LearningFixtures.DeveloperWeek, revision: 2), "build pipeline", "delivery pipeline");
        await using var qabot = await QaBotAnsweringAsync(context => context.Response.WriteAsJsonAsync(corrected, JsonSerializerOptions.Web));
        await using var scenario = new LearningScenario(Settings(qabot));
        await scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek, revision: 1);

        var moments = await QuizMomentsAsync(scenario);

        Assert.Contains(moments, m => m.Contains("delivery pipeline", StringComparison.Ordinal));
        Assert.DoesNotContain(moments, m => m.Contains("build pipeline", StringComparison.Ordinal));
        Assert.Single(qabot.Seen);
    }

    [Fact]
    public async Task A_qabot_that_does_not_answer_in_time_leaves_the_indexed_revision_in_use()
    {
        await using var qabot = await QaBotAnsweringAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        await using var scenario = new LearningScenario(Settings(qabot));
        await scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek, revision: 1);

        var moments = await QuizMomentsAsync(scenario);

        Assert.Contains(moments, m => m.Contains("build pipeline", StringComparison.Ordinal));
        Assert.Single(qabot.Seen);
    }

    /// <summary>QaBot's lecture-sentences endpoint on a loopback port, answering as the test says.</summary>
    private static Task<StandInService> QaBotAnsweringAsync(Func<HttpContext, Task> answer) =>
        StandInService.StartAsync("qabot", app => app.MapGet("/api/qa/lectures/{id}/sentences", answer));

    private static Dictionary<string, string?> Settings(StandInService qabot) => new()
    {
        ["services:qabot:http:0"] = qabot.Address.ToString().TrimEnd('/'),
        ["Learning:Quiz:FreshnessTimeout"] = "00:00:00.5",
    };

    private static async Task<List<string>> QuizMomentsAsync(LearningScenario scenario)
    {
        using var trainer = scenario.As(LearningScenario.Trainer);
        using var created = await trainer.PostAsync($"/api/learning/lectures/{LearningFixtures.DeveloperWeek}/quiz", null);
        var quiz = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, quiz.ToString());
        return quiz.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("moment").GetProperty("text").GetString()!).ToList();
    }

    private static LectureContent Renamed(LectureContent lecture, string from, string to) =>
        lecture with { Sentences = lecture.Sentences.Select(s => s with { Text = s.Text.Replace(from, to, StringComparison.OrdinalIgnoreCase) }).ToList() };
}
