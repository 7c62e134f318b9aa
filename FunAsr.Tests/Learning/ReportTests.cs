using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;

namespace FunAsr.Tests.Learning;

/// <summary>What managers and trainers see: completion, mastery and questions per department and lecture, as JSON, CSV and XLSX.</summary>
public sealed class ReportTests : IAsyncLifetime
{
    private readonly LearningScenario _scenario = new();
    private static readonly FunAsr.Security.Authorization.Caller SalesTrainer =
        LearningHost.Person("trainer-sales", FunAsr.Security.Authorization.Roles.Content, "sales", "Sally Sales");

    public async Task InitializeAsync()
    {
        await _scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        await _scenario.PublishLectureAsync(LearningFixtures.FoodSafety);
        var quiz = await _scenario.PublishedQuizAsync(LearningFixtures.DeveloperWeek);
        // Sales: one passes the quiz, one only watches a little; engineering: one watches the whole lecture.
        using (var employee = _scenario.As(LearningScenario.Employee))
        {
            (await employee.PostAsJsonAsync($"/api/learning/quizzes/{quiz.GetProperty("id").GetString()}/attempts", new { answers = LearningScenario.Answers(quiz) })).EnsureSuccessStatusCode();
        }
        using (var colleague = _scenario.As(LearningScenario.Colleague))
        {
            (await colleague.PostAsJsonAsync("/api/learning/progress", new { lectureId = LearningFixtures.DeveloperWeek, from = 0, to = 15 })).EnsureSuccessStatusCode();
        }
        using (var engineer = _scenario.As(LearningScenario.Engineer))
        {
            for (var at = 0.0; at < 83; at += 30)
            {
                (await engineer.PostAsJsonAsync("/api/learning/progress", new { lectureId = LearningFixtures.DeveloperWeek, from = at, to = at + 30 })).EnsureSuccessStatusCode();
            }
        }
        await _scenario.PublishQuestionAsync(LearningScenario.Employee, "What is a code review?", "A code review is the check a colleague makes before a pull request is merged.", true, LearningFixtures.DeveloperWeek);
        await _scenario.PublishQuestionAsync(LearningScenario.Colleague, "what's a code review", "A code review is the check a colleague makes before a pull request is merged.", true, LearningFixtures.DeveloperWeek);
        await _scenario.PublishQuestionAsync(LearningScenario.Colleague, "Where do I park?", "Not found in the training material.", false);
    }

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    [Fact]
    public async Task Admins_see_each_department_per_lecture_with_completion_mastery_and_top_questions()
    {
        using var admin = _scenario.As(LearningScenario.Admin);
        var report = await admin.GetFromJsonAsync<JsonElement>("/api/learning/reports");
        var rows = report.GetProperty("lectures").EnumerateArray().ToDictionary(r => (r.GetProperty("department").GetString(), r.GetProperty("lectureId").GetString()));
        var sales = rows[("sales", LearningFixtures.DeveloperWeek)];
        Assert.Equal(2, sales.GetProperty("learners").GetInt32());
        Assert.Equal(2, sales.GetProperty("started").GetInt32());
        Assert.Equal(1, sales.GetProperty("completed").GetInt32());
        Assert.Equal(0.5, sales.GetProperty("completionRate").GetDouble(), 4);
        Assert.Equal(1.0, sales.GetProperty("quizPassRate").GetDouble(), 4);
        Assert.Equal(2, sales.GetProperty("questions").GetInt32());
        // The one who passed raised sales' average over the prior (0.3), the one who only watched did not.
        Assert.InRange(sales.GetProperty("averageMastery").GetDouble(), 0.4, 0.7);
        var engineering = rows[("engineering", LearningFixtures.DeveloperWeek)];
        Assert.Equal(1, engineering.GetProperty("completed").GetInt32());
        Assert.Equal(0.3, engineering.GetProperty("averageMastery").GetDouble(), 4);
        Assert.Equal(0, rows[("sales", LearningFixtures.FoodSafety)].GetProperty("completed").GetInt32());

        var top = report.GetProperty("questions").EnumerateArray().ToList();
        // Asked in other words, the same question counts twice, with the bot's answer.
        Assert.Equal(2, top[0].GetProperty("asked").GetInt32());
        Assert.Equal(2, top[0].GetProperty("askers").GetInt32());
        Assert.Contains("colleague makes", top[0].GetProperty("answer").GetString());
        Assert.Contains(top, q => q.GetProperty("answeredShare").GetDouble() == 0);
    }

    [Fact]
    public async Task A_trainer_sees_only_their_own_department_and_employees_see_no_reports()
    {
        using var trainer = _scenario.As(SalesTrainer);
        var report = await trainer.GetFromJsonAsync<JsonElement>("/api/learning/reports");
        Assert.All(report.GetProperty("lectures").EnumerateArray(), r => Assert.Equal("sales", r.GetProperty("department").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync("/api/learning/reports?department=engineering")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _scenario.As(LearningScenario.Employee).GetAsync("/api/learning/reports")).StatusCode);
    }

    [Fact]
    public async Task The_report_exports_as_csv_and_as_an_xlsx_workbook()
    {
        using var admin = _scenario.As(LearningScenario.Admin);
        using var csv = await admin.GetAsync("/api/learning/reports/lectures.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Department,LectureId,Title,Learners", lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"sales,{LearningFixtures.DeveloperWeek},Your first week as a developer,2,2,1,0.5,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("食品安全培训"));

        var questions = Encoding.UTF8.GetString(await admin.GetByteArrayAsync("/api/learning/reports/questions.csv"));
        Assert.Contains("code review", questions);
        Assert.Contains("colleague makes before a pull request is merged", questions);

        using var xlsx = await admin.GetAsync("/api/learning/reports/report.xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync());
        var lectures = workbook.Worksheet("Lectures");
        Assert.Equal("Department", lectures.Cell(1, 1).GetString());
        var salesRow = lectures.RowsUsed().Single(r => r.Cell(1).GetString() == "sales" && r.Cell(2).GetString() == LearningFixtures.DeveloperWeek);
        Assert.Equal(0.5, salesRow.Cell(7).GetDouble(), 4);
        Assert.Contains("code review", workbook.Worksheet("Questions").Cell(2, 2).GetString());
    }
}
