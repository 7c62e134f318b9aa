using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Questions;
using FunAsr.Security.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Learning;

/// <summary>The learning service with people of each role, and lectures and questions arriving as QaBot publishes them.</summary>
public sealed class LearningScenario : IAsyncDisposable
{
    public static readonly Caller Trainer = LearningHost.Person("trainer-1", Roles.Content, "training", "Tess Trainer");
    public static readonly Caller Admin = LearningHost.Person("admin-1", Roles.Admin, "it", "Ada Admin");
    public static readonly Caller Employee = LearningHost.Person("emp-1", Roles.Employee, "sales", "Eve Employee");
    public static readonly Caller Colleague = LearningHost.Person("emp-2", Roles.Employee, "sales", "Sam Colleague");
    public static readonly Caller Engineer = LearningHost.Person("emp-3", Roles.Employee, "engineering", "Erin Engineer");

    public LearningScenario(IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        Host = new LearningHost(settings, time);
        _ = Host.Address;
    }

    public LearningHost Host { get; }

    public HttpClient As(Caller caller) => Host.Client(caller);

    public async Task PublishLectureAsync(string fixture, long revision = 1)
    {
        var handler = Host.Services.GetRequiredService<LectureEventHandler>();
        await handler.HandleAsync("upserted", JsonSerializer.Serialize(LearningFixtures.Content(fixture, revision), JsonSerializerOptions.Web), CancellationToken.None);
    }

    public async Task PublishQuestionAsync(Caller asker, string question, string answer, bool found, params string[] lectureIds)
    {
        var handler = Host.Services.GetRequiredService<QuestionEventHandler>();
        var asked = new QuestionEvent(Guid.NewGuid(), asker.Subject, asker.Name, asker.Department, question, answer, found, "en",
            lectureIds.Select(id => new CitedLecture(id, id)).ToList(), DateTimeOffset.UtcNow);
        await handler.HandleAsync(JsonSerializer.Serialize(asked, JsonSerializerOptions.Web), CancellationToken.None);
    }

    /// <summary>Generates a quiz as the trainer, approves every item and publishes it; returns the review (with answers).</summary>
    public async Task<JsonElement> PublishedQuizAsync(string lectureId)
    {
        using var trainer = As(Trainer);
        using var created = await trainer.PostAsync($"/api/learning/lectures/{lectureId}/quiz", null);
        var quiz = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.IsSuccessStatusCode, quiz.ToString());
        var id = quiz.GetProperty("id").GetString();
        using var published = await trainer.PostAsJsonAsync($"/api/learning/quizzes/{id}/publish", new { approveAll = true });
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        return await published.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Answers for every item of a reviewed quiz: right ones, except items for which <paramref name="wrong"/> says so.</summary>
    public static object[] Answers(JsonElement review, Func<JsonElement, bool>? wrong = null, string mode = "text") =>
        review.GetProperty("items").EnumerateArray().Select(item =>
        {
            var bad = wrong?.Invoke(item) == true;
            var id = item.GetProperty("id").GetInt32();
            return item.GetProperty("kind").GetString() switch
            {
                "multipleChoice" or "trueFalse" => (object)new
                {
                    itemId = id,
                    choice = bad ? (item.GetProperty("correct").GetInt32() + 1) % item.GetProperty("choices").GetArrayLength() : item.GetProperty("correct").GetInt32(),
                    mode, durationMs = 12_000,
                },
                "matching" => new
                {
                    itemId = id,
                    pairs = bad ? item.GetProperty("pairs").EnumerateArray().Select(p => p.GetInt32()).Reverse().ToArray() : item.GetProperty("pairs").EnumerateArray().Select(p => p.GetInt32()).ToArray(),
                    mode, durationMs = 20_000,
                },
                _ => new { itemId = id, response = bad ? "no idea" : item.GetProperty("accepted")[0].GetString(), mode, durationMs = 9_000 },
            };
        }).ToArray();

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
