using System.Text.Json;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Errors;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Reports;

[CsvHelper.CsvRecord]
public sealed partial record LectureReportRow(
    string Department, string LectureId, string Title, int Learners, int Started, int Completed, double CompletionRate,
    double AverageMastery, int QuizTakers, double QuizPassRate, int Questions);

[CsvHelper.CsvRecord]
public sealed partial record QuestionReportRow(string Department, string Question, int Asked, int Askers, string Answer, double AnsweredShare, DateTime LastAsked);

public sealed record LearningReport(IReadOnlyList<string> Departments, IReadOnlyList<LectureReportRow> Lectures, IReadOnlyList<QuestionReportRow> Questions);

/// <summary>
/// What managers and trainers see of their people, per department and lecture: how many completed it (watched to the end or
/// passed its quiz), their average mastery of its knowledge points (unpractised points count at the prior), quiz pass rate,
/// and the questions asked most, with the bot's latest answer. Admins see every department; a content user, their own.
/// </summary>
public sealed class ReportService(LearningDbContext db, IOptions<LearningOptions> options)
{
    public const string NoDepartment = "(none)";
    private const int TopQuestions = 20;

    public async Task<LearningReport> BuildAsync(Caller caller, string? department, CancellationToken cancellationToken)
    {
        var scope = Scope(caller, department);
        var prior = options.Value.Mastery.PriorKnown;
        var learners = await db.Learners.AsNoTracking().ToListAsync(cancellationToken);
        string Dept(string? d) => string.IsNullOrWhiteSpace(d) ? NoDepartment : d;
        var inScope = learners.Where(l => scope is null || Dept(l.Department) == scope).ToList();
        var departmentOf = inScope.ToDictionary(l => l.UserId, l => Dept(l.Department));
        var users = departmentOf.Keys.ToList();

        var lectures = await db.Lectures.AsNoTracking().OrderBy(l => l.Order).ToListAsync(cancellationToken);
        var pointsByLecture = (await db.KnowledgeSources.Select(s => new { s.LectureId, s.KnowledgePointId }).ToListAsync(cancellationToken))
            .GroupBy(s => s.LectureId).ToDictionary(g => g.Key, g => g.Select(s => s.KnowledgePointId).Distinct().ToList());
        var progress = await db.WatchProgress.Where(p => users.Contains(p.UserId)).AsNoTracking().ToListAsync(cancellationToken);
        var attempts = await db.Attempts.Where(a => users.Contains(a.UserId)).Select(a => new { a.UserId, a.LectureId, a.Passed }).ToListAsync(cancellationToken);
        var known = (await db.MasteryStates.Where(m => users.Contains(m.UserId)).Select(m => new { m.UserId, m.KnowledgePointId, m.Known }).ToListAsync(cancellationToken))
            .ToDictionary(m => (m.UserId, m.KnowledgePointId), m => m.Known);
        var questions = await db.Questions.Where(q => users.Contains(q.UserId)).AsNoTracking().ToListAsync(cancellationToken);

        var rows = new List<LectureReportRow>();
        foreach (var group in inScope.GroupBy(l => Dept(l.Department)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var people = group.Select(l => l.UserId).ToHashSet();
            foreach (var lecture in lectures)
            {
                var started = progress.Where(p => p.LectureId == lecture.Id && people.Contains(p.UserId)).Select(p => p.UserId).ToHashSet();
                var tried = attempts.Where(a => a.LectureId == lecture.Id && people.Contains(a.UserId)).ToList();
                var passed = tried.Where(a => a.Passed).Select(a => a.UserId).ToHashSet();
                var completed = progress.Where(p => p.LectureId == lecture.Id && p.Completed && people.Contains(p.UserId)).Select(p => p.UserId).Union(passed).ToHashSet();
                var points = pointsByLecture.GetValueOrDefault(lecture.Id) ?? [];
                var mastery = points.Count == 0 ? 0 : people.Average(u => points.Average(p => known.GetValueOrDefault((u, p), prior)));
                var takers = tried.Select(a => a.UserId).Distinct().Count();
                var asked = questions.Count(q => people.Contains(q.UserId) && (JsonSerializer.Deserialize<string[]>(q.LectureIds) ?? []).Contains(lecture.Id));
                rows.Add(new LectureReportRow(group.Key, lecture.Id, lecture.Title, people.Count, started.Union(tried.Select(a => a.UserId)).Count(), completed.Count,
                    Math.Round((double)completed.Count / people.Count, 4), Math.Round(mastery, 4), takers, takers == 0 ? 0 : Math.Round((double)passed.Count / takers, 4), asked));
            }
        }

        var top = questions
            .GroupBy(q => (Dept: departmentOf[q.UserId], Key: q.Terms.Length > 0 ? q.Terms : q.Question.ToLowerInvariant()))
            .Select(g =>
            {
                var latest = g.OrderByDescending(q => q.AskedAt).First();
                return new QuestionReportRow(g.Key.Dept, latest.Question, g.Count(), g.Select(q => q.UserId).Distinct().Count(), latest.Answer,
                    Math.Round((double)g.Count(q => q.Found) / g.Count(), 4), latest.AskedAt);
            })
            .OrderByDescending(q => q.Asked).ThenByDescending(q => q.LastAsked)
            .Take(TopQuestions)
            .ToList();
        return new LearningReport(inScope.Select(l => Dept(l.Department)).Distinct().Order(StringComparer.Ordinal).ToList(), rows, top);
    }

    /// <summary>The department a caller may report on: any (or the one asked for) for admins, their own for content users.</summary>
    private static string? Scope(Caller caller, string? department)
    {
        if (caller.IsAdmin)
        {
            return string.IsNullOrWhiteSpace(department) ? null : department;
        }
        var own = string.IsNullOrWhiteSpace(caller.Department) ? NoDepartment : caller.Department;
        if (!string.IsNullOrWhiteSpace(department) && department != own)
        {
            throw new ForbiddenException("other_department", $"You can see reports for your own department ({own}) only.");
        }
        return own;
    }
}
