using System.Text.Json;
using System.Text.Json.Nodes;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Grading;
using FunAsr.Learning.Mastery;
using FunAsr.Learning.Records;
using FunAsr.Learning.Telemetry;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Quizzes;

public sealed record AttemptRequest(IReadOnlyList<AnswerInput>? Answers);

public sealed record ItemResult(int ItemId, bool Answered, bool Correct, double Score, string Response, string CorrectAnswer, LectureMoment Moment);

public sealed record PointChange(int PointId, string Label, double Before, double After, bool Mastered, DateTime Due);

public sealed record AttemptResult(Guid AttemptId, Guid QuizId, double Score, bool Passed, int Correct, int Total, IReadOnlyList<ItemResult> Items, IReadOnlyList<PointChange> Mastery);

/// <summary>
/// Grades a learner's attempt at a published quiz and learns from it, in one transaction: each answered item moves the
/// item's and the learner's Elo ratings and, for each knowledge point it tests, BKT mastery and the FSRS review date; the
/// attempt, its responses and its xAPI statements (answered per item, passed/failed, mastered) are stored together.
/// Unanswered items score nothing and teach the model nothing.
/// </summary>
public sealed class AttemptService(
    LearningDbContext db,
    QuizService quizzes,
    ItemGrader grader,
    MasteryTracker mastery,
    LearnerDirectory learners,
    StatementStore statements,
    StatementFactory factory,
    LearningRecords records,
    IOptions<LearningOptions> options,
    TimeProvider time,
    LearningTelemetry telemetry)
{
    private const int MaxResponseLength = 1000;

    public async Task<AttemptResult> GradeAsync(Guid quizId, AttemptRequest request, Caller caller, CancellationToken cancellationToken)
    {
        using var span = LearningTelemetry.Source.StartActivity("learning.attempt.grade");
        var quiz = await quizzes.LoadAsync(quizId, cancellationToken, tracking: true);
        if (quiz.Status != QuizStatus.Published)
        {
            throw new NotFoundException("quiz_not_found", $"No published quiz with id '{quizId}'.");
        }
        var answers = request.Answers ?? [];
        if (answers.Count == 0)
        {
            throw new InvalidInputException("no_answers", "Send at least one answer: {\"answers\":[{\"itemId\":…,\"choice\"|\"response\"|\"pairs\":…}]}.");
        }
        if (answers.Any(a => a.Response?.Length > MaxResponseLength))
        {
            throw new InvalidInputException("response_too_long", $"An answer may be at most {MaxResponseLength} characters.");
        }
        var items = QuizService.Visible(quiz).ToList();
        var unknown = answers.Select(a => a.ItemId).Except(items.Select(i => i.Id)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException("unknown_item", $"Quiz '{quizId}' has no item {string.Join(", ", unknown)}.");
        }
        if (answers.GroupBy(a => a.ItemId).Any(g => g.Count() > 1))
        {
            throw new InvalidInputException("duplicate_item", "Answer each item at most once.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var learner = await learners.TouchAsync(caller, cancellationToken);
        var attempt = new QuizAttempt { Id = Guid.NewGuid(), QuizId = quiz.Id, LectureId = quiz.LectureId, UserId = caller.Subject, Department = caller.Department, CompletedAt = now };
        var actor = factory.Agent(caller.Subject, caller.Name);
        var observations = new List<Observation>();
        var results = new List<ItemResult>();
        var staged = new List<JsonObject>();
        double raw = 0;
        foreach (var item in items)
        {
            var moment = QuizText.Moment(item, quiz.LectureId, quiz.Title);
            var input = answers.FirstOrDefault(a => a.ItemId == item.Id);
            var points = JsonSerializer.Deserialize<int[]>(item.PointIds) ?? [];
            if (input is null)
            {
                results.Add(new ItemResult(item.Id, false, false, 0, "", grader.Grade(item, new AnswerInput(item.Id)).CorrectAnswer, moment));
                continue;
            }
            var grade = grader.Grade(item, input);
            var mode = input.Mode == "voice" ? "voice" : "text";
            raw += grade.Score;
            attempt.VoiceAnswers += mode == "voice" ? 1 : 0;
            attempt.Responses.Add(new ItemResponse { ItemId = item.Id, Response = grade.ResponseText, Mode = mode, Correct = grade.Correct, Score = grade.Score, DurationMs = input.DurationMs });

            var guess = Bkt.Guess(grade.Options, settings.Mastery.Bkt());
            var (skill, difficulty) = Elo.Update(learner.Skill, learner.Answers, item.Difficulty, item.Answers, grade.Correct, guess, new EloParameters());
            (learner.Skill, item.Difficulty) = (skill, difficulty);
            learner.Answers++;
            item.Answers++;
            var duration = input.DurationMs is > 0 ? TimeSpan.FromMilliseconds(input.DurationMs.Value) : (TimeSpan?)null;
            observations.AddRange(points.Select(p => new Observation(p, grade.Correct, grade.Options, duration)));
            staged.Add(records.Answered(actor, quiz, item, grade, input with { Mode = mode }, attempt.Id, points));
            results.Add(new ItemResult(item.Id, true, grade.Correct, grade.Score, grade.ResponseText, grade.CorrectAnswer, moment));
            telemetry.AnswersGraded.Add(1, new("kind", item.Kind.ToString()), new("mode", mode), new("correct", grade.Correct));
        }
        attempt.Score = items.Count == 0 ? 0 : Math.Round(raw / items.Count, 4);
        attempt.Passed = attempt.Score >= quiz.PassScore;
        db.Attempts.Add(attempt);
        staged.Add(records.QuizResult(actor, quiz, attempt.Id, raw, items.Count, attempt.Passed));

        var changes = await mastery.ApplyAsync(caller.Subject, observations, cancellationToken);
        var ids = changes.Select(c => c.PointId).ToList();
        var labels = await db.KnowledgePoints.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Label, cancellationToken);
        foreach (var change in changes.Where(c => c.BecameMastered))
        {
            staged.Add(records.Mastered(actor, change.PointId, labels.GetValueOrDefault(change.PointId) ?? "", quiz.Language, change.After, attempt.Id));
            telemetry.PointsMastered.Add(1);
        }
        foreach (var statement in staged)
        {
            statements.Add(statement);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        span?.SetTag("learning.score", attempt.Score);
        span?.SetTag("learning.voice_answers", attempt.VoiceAnswers);
        return new AttemptResult(attempt.Id, quiz.Id, attempt.Score, attempt.Passed, results.Count(r => r.Correct), items.Count, results,
            changes.Select(c => new PointChange(c.PointId, labels.GetValueOrDefault(c.PointId) ?? "", Math.Round(c.Before, 4), Math.Round(c.After, 4), c.After >= settings.Mastery.MasteredAt, c.Due)).ToList());
    }
}
