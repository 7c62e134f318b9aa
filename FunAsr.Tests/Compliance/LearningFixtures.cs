using System.Net.Http.Json;
using FunAsr.Learning.Data;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Quizzes;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Compliance;

/// <summary>The learning layer's side of a course, as its own code records it: a known lecture, a published quiz and attempts at it.</summary>
public static class LearningFixtures
{
    public static async Task<Guid> AddLectureAndQuizAsync(ComplianceHost host, string lectureId, string title, double duration, double passScore = 0.7)
    {
        _ = host.Address;
        await using var scope = host.Services.CreateAsyncScope();
        var learning = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        learning.Lectures.Add(new LearningLecture { Id = lectureId, Title = title, Language = "zh", Duration = duration, IndexedAt = DateTime.UtcNow });
        var quiz = new Quiz
        {
            Id = Guid.NewGuid(), LectureId = lectureId, Title = title + " · 测验", Language = "zh", Status = QuizStatus.Published, CreatedBy = "officer",
            CreatedAt = DateTime.UtcNow, PublishedAt = DateTime.UtcNow, PublishedBy = "officer", PassScore = passScore,
        };
        learning.Quizzes.Add(quiz);
        await learning.SaveChangesAsync();
        return quiz.Id;
    }

    /// <summary>An attempt the way the quiz service stores one after grading.</summary>
    public static async Task AttemptAsync(ComplianceHost host, Guid quizId, string lectureId, string person, double score, bool passed)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var learning = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        learning.Attempts.Add(new QuizAttempt { Id = Guid.NewGuid(), QuizId = quizId, LectureId = lectureId, UserId = person, CompletedAt = DateTime.UtcNow, Score = score, Passed = passed });
        await learning.SaveChangesAsync();
    }

    /// <summary>
    /// Playback reported through the learning layer's own endpoint, in stretches of at most five minutes, the first one
    /// second long: the player's first report crossing a tenth of the lecture currently fails in the learning layer
    /// (ProgressService reuses one actor node for two statements), which real playback, reporting every few seconds, avoids.
    /// </summary>
    public static async Task WatchAsync(HttpClient person, string lectureId, double from, double to)
    {
        using (var first = await person.PostAsJsonAsync("/api/learning/progress", new { lectureId, from, to = Math.Min(to, from + 1) }))
        {
            first.EnsureSuccessStatusCode();
        }
        for (var start = from + 1; start < to; start += 300)
        {
            using var reported = await person.PostAsJsonAsync("/api/learning/progress", new { lectureId, from = start, to = Math.Min(to, start + 300) });
            reported.EnsureSuccessStatusCode();
        }
    }
}
