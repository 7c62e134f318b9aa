using System.Text.Json;
using FunAsr.Learning.Data;
using FunAsr.Learning.Mastery;
using FunAsr.Learning.Records;
using FunAsr.Text.Analysis;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Questions;

/// <summary>Records an asked question once (by its event id): the question for reports, and an xAPI "asked" statement.</summary>
public sealed class QuestionRecorder(LearningDbContext db, LearnerDirectory learners, StatementStore statements, StatementFactory factory, LearningRecords records,
    ILogger<QuestionRecorder> logger)
{
    private const int MaxQuestion = 2000;
    private const int MaxAnswer = 8000;

    public async Task<bool> RecordAsync(QuestionEvent asked, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(asked.UserId) || string.IsNullOrWhiteSpace(asked.Question) || asked.Id == Guid.Empty)
        {
            logger.LogWarning("A question event without an asker, a question or an id was skipped ({Id})", asked.Id);
            return false;
        }
        if (await db.Questions.AnyAsync(q => q.Id == asked.Id, cancellationToken))
        {
            return false;
        }
        var question = Clip(asked.Question, MaxQuestion);
        var answer = Clip(asked.Answer ?? "", MaxAnswer);
        var language = string.IsNullOrWhiteSpace(asked.Language) ? "und" : asked.Language;
        var lectures = (asked.Lectures ?? []).Where(l => !string.IsNullOrWhiteSpace(l.LectureId)).DistinctBy(l => l.LectureId).ToList();
        await learners.TouchAsync(asked.UserId, asked.Name, asked.Department, cancellationToken);
        db.Questions.Add(new AskedQuestion
        {
            Id = asked.Id,
            UserId = asked.UserId,
            Department = asked.Department,
            Question = question,
            Terms = string.Join(' ', TermAnalyzer.Terms(question).Distinct().Order(StringComparer.Ordinal)),
            Answer = answer,
            Found = asked.Found,
            Language = language,
            LectureIds = JsonSerializer.Serialize(lectures.Select(l => l.LectureId)),
            AskedAt = asked.AskedAt.UtcDateTime,
        });
        var actor = factory.Agent(asked.UserId, asked.Name);
        await statements.AddNewAsync([records.Asked(actor, asked.Id, question, answer, asked.Found, language,
            lectures.Select(l => (l.LectureId, l.Title ?? l.LectureId)).ToList(), asked.AskedAt.UtcDateTime)], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text.Trim() : text[..max].Trim();
}
