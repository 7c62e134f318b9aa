using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Compliance.Certificates;
using FunAsr.Learning.Compliance.Training;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Compliance;

/// <summary>A mandatory course from assignment to certificate: watching, the quiz from the learning records, attestation after re-authentication, verification by QR.</summary>
public sealed class TrainingTests : IAsyncLifetime
{
    private const string Lecture = "privacy-2026";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ComplianceHost _host = new(new Dictionary<string, string?> { ["Compliance:Certificates:PublicBaseUrl"] = "https://learn.example.com/" });

    private Guid _quiz;

    public async Task InitializeAsync() => _quiz = await LearningFixtures.AddLectureAndQuizAsync(_host, Lecture, "客户数据保护 2026", 600);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Caller Employee(DateTimeOffset? reauthenticated = null, string method = "password") =>
        ComplianceHost.Person("emp-7", Roles.Employee, "sales", "Li Na", reauthenticated, method);

    private async Task<AssignmentView> AssignAsync(object? overrides = null)
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        using var created = await officer.PostAsJsonAsync("/api/compliance/assignments", overrides ?? new
        {
            title = "客户数据保护 2026", lectureId = Lecture, quizId = _quiz, targetType = "department", targetValue = "sales",
            dueAt = DateTimeOffset.UtcNow.AddDays(14), retrainingDays = 365, requiredWatchShare = 0.8,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<AssignmentView>(Json))!;
    }

    private Task PassQuizAsync(string person, double score) => LearningFixtures.AttemptAsync(_host, _quiz, Lecture, person, score, passed: true);

    private static async Task<MyCourse> MyCourseAsync(HttpClient client) =>
        Assert.Single((await client.GetFromJsonAsync<List<MyCourse>>("/api/compliance/me/training", Json))!);

    [Fact]
    public async Task An_assigned_course_is_completed_by_watching_passing_and_attesting_and_its_certificate_verifies()
    {
        var assignment = await AssignAsync();
        using var employee = _host.Client(Employee());
        var course = await MyCourseAsync(employee);
        Assert.Equal((TrainingStatus.NotStarted, 0.0, false, false), (course.Status, course.WatchedShare, course.QuizPassed, course.ReadyToAttest));

        // Playback goes to the learning layer; watching the first half twice, then skipping to the end, covers half of it.
        await LearningFixtures.WatchAsync(employee, Lecture, 0, 300);
        await LearningFixtures.WatchAsync(employee, Lecture, 0, 300);
        await LearningFixtures.WatchAsync(employee, Lecture, 590, 600);
        course = await MyCourseAsync(employee);
        Assert.Equal(310.0 / 600, course.WatchedShare, 3);
        Assert.Equal(TrainingStatus.InProgress, course.Status);
        using (var early = await _host.Client(Employee(DateTimeOffset.UtcNow)).PostAsJsonAsync($"/api/compliance/me/training/{assignment.Id}/attest", new { text = course.AttestationText }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("not_ready", problem.GetProperty("code").GetString());
            Assert.Contains("pass the quiz", problem.GetProperty("detail").GetString());
        }
        await LearningFixtures.WatchAsync(employee, Lecture, 300, 480);
        await LearningFixtures.AttemptAsync(_host, _quiz, Lecture, "emp-7", 0.4, passed: false);
        Assert.False((await MyCourseAsync(employee)).QuizPassed);
        await PassQuizAsync("emp-7", 0.9);
        course = await MyCourseAsync(employee);
        Assert.True(course.ReadyToAttest);
        Assert.Equal(0.9, course.QuizScore);

        // Attesting needs a sign-in within the last few minutes.
        using (var stale = await employee.PostAsJsonAsync($"/api/compliance/me/training/{assignment.Id}/attest", new { text = course.AttestationText }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
            Assert.Equal("reauthentication_required", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        using (var old = await _host.Client(Employee(DateTimeOffset.UtcNow.AddMinutes(-30))).PostAsJsonAsync($"/api/compliance/me/training/{assignment.Id}/attest", new { text = course.AttestationText }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, old.StatusCode);
        }
        using var fresh = _host.Client(Employee(DateTimeOffset.UtcNow.AddSeconds(-20)));
        using (var altered = await fresh.PostAsJsonAsync($"/api/compliance/me/training/{assignment.Id}/attest", new { text = "I have read something." }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        }
        using var attested = await fresh.PostAsJsonAsync($"/api/compliance/me/training/{assignment.Id}/attest", new { text = course.AttestationText });
        Assert.Equal(HttpStatusCode.OK, attested.StatusCode);
        var completion = (await attested.Content.ReadFromJsonAsync<CompletionView>(Json))!;
        Assert.Equal(("Li Na", "password", course.AttestationText), (completion.PersonName, completion.AuthMethod, completion.AttestedText));
        Assert.Equal(DateTime.UtcNow.AddDays(365).Date, completion.ValidUntil!.Value.Date);
        Assert.Equal(TrainingStatus.Completed, (await MyCourseAsync(employee)).Status);
        using (var again = await fresh.PostAsJsonAsync($"/api/compliance/me/training/{assignment.Id}/attest", new { text = course.AttestationText }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // The attestation holds who, when, the exact text and how they re-authenticated; the trail has both events.
        var attestation = await _host.WithDbAsync(db => db.Attestations.SingleAsync());
        Assert.Equal(("emp-7", "Li Na", course.AttestationText, "password"), (attestation.PersonId, attestation.PersonName, attestation.Text, attestation.AuthMethod));
        using var officer = _host.Client(ComplianceHost.Officer);
        var kinds = (await officer.GetFromJsonAsync<List<JsonElement>>("/api/compliance/audit", Json))!.Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Contains("training.attested", kinds);
        Assert.Contains("training.completed", kinds);
        Assert.Contains("training.assigned", kinds);

        // The certificate: a PDF for its holder and admins, a public check that shows only validity, course and date.
        var pdf = await employee.GetByteArrayAsync($"/api/compliance/certificates/{completion.CertificateId}/pdf");
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        PdfText.Keep("compliance-certificate.pdf", pdf);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/compliance/certificates/{completion.CertificateId}/pdf")).StatusCode);
        using var colleague = _host.Client(ComplianceHost.Person("emp-8", Roles.Content, "sales"));
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/api/compliance/certificates/{completion.CertificateId}/pdf")).StatusCode);
        using var anonymous = _host.Client(null);
        var check = await anonymous.GetFromJsonAsync<JsonElement>($"/api/compliance/certificates/{completion.CertificateId}/verify", Json);
        Assert.Equal(CertificateCheck.Valid, check.GetProperty("status").GetString());
        Assert.Equal("客户数据保护 2026", check.GetProperty("course").GetString());
        Assert.DoesNotContain("Li Na", check.GetRawText());
        var page = await anonymous.GetStringAsync($"/verify/{completion.CertificateId}");
        Assert.Contains("data-status=\"valid\"", page);
        Assert.Contains("客户数据保护 2026", page);
        Assert.DoesNotContain("Li Na", page);
        Assert.DoesNotContain("<script", page);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/verify/0000deadbeef")).StatusCode);

        // The QR code on the certificate opens exactly that page on the configured public address.
        Assert.Contains(CertificateService.VerifyUrl(new Uri("https://learn.example.com/"), completion.CertificateId).ToString(), PdfText.Extract(pdf));
    }

    [Fact]
    public async Task When_the_retraining_interval_runs_out_the_course_is_due_again_and_old_evidence_does_not_count()
    {
        var assignment = await AssignAsync();
        using var employee = _host.Client(Employee(DateTimeOffset.UtcNow));
        await LearningFixtures.WatchAsync(employee, Lecture, 0, 600);
        await PassQuizAsync("emp-7", 1);
        var text = (await MyCourseAsync(employee)).AttestationText;
        Assert.Equal(HttpStatusCode.OK, (await employee.PostAsJsonAsync($"/api/compliance/me/training/{assignment.Id}/attest", new { text })).StatusCode);

        // The certificate runs out (moved in the database: completions are not part of the append-only record). The new
        // cycle starts at the last completion, so the playback and the pass from before it no longer count.
        await _host.WithDbAsync(db => db.Completions.ExecuteUpdateAsync(s => s.SetProperty(c => c.ValidUntil, DateTime.UtcNow.AddMinutes(-1))));
        var course = await MyCourseAsync(employee);
        Assert.Equal(TrainingStatus.Overdue, course.Status);
        Assert.Equal((0.0, false, false), (course.WatchedShare, course.QuizPassed, course.ReadyToAttest));

        // Playing it again in this cycle and passing again make it ready: the watched share is the learning layer's merged one.
        await LearningFixtures.WatchAsync(employee, Lecture, 0, 10);
        await PassQuizAsync("emp-7", 0.8);
        course = await MyCourseAsync(employee);
        Assert.Equal((1.0, true, true), (course.WatchedShare, course.QuizPassed, course.ReadyToAttest));
    }

    [Fact]
    public async Task Courses_reach_people_by_role_department_or_name_and_withdrawn_ones_disappear()
    {
        await AssignAsync(new { title = "Everyone", quizId = _quiz, targetType = "role", targetValue = "employee", dueAt = DateTimeOffset.UtcNow.AddDays(7) });
        await AssignAsync(new { title = "Content team", quizId = _quiz, targetType = "role", targetValue = "content", dueAt = DateTimeOffset.UtcNow.AddDays(7) });
        var personal = await AssignAsync(new { title = "Just Li Na", quizId = _quiz, targetType = "person", targetValue = "emp-7", dueAt = DateTimeOffset.UtcNow.AddDays(-1) });
        await AssignAsync(new { title = "Finance", quizId = _quiz, targetType = "department", targetValue = "finance", dueAt = DateTimeOffset.UtcNow.AddDays(7) });

        using var employee = _host.Client(Employee());
        var mine = await employee.GetFromJsonAsync<List<MyCourse>>("/api/compliance/me/training", Json);
        Assert.Equal(["Just Li Na", "Everyone"], mine!.Select(c => c.Title));
        Assert.Equal(TrainingStatus.Overdue, mine![0].Status);
        using var editor = _host.Client(ComplianceHost.Person("ed-1", Roles.Content, "finance"));
        Assert.Equal(["Content team", "Everyone", "Finance"], (await editor.GetFromJsonAsync<List<MyCourse>>("/api/compliance/me/training", Json))!.Select(c => c.Title).Order());

        using var officer = _host.Client(ComplianceHost.Officer);
        Assert.Equal(HttpStatusCode.NoContent, (await officer.DeleteAsync($"/api/compliance/assignments/{personal.Id}")).StatusCode);
        Assert.Equal(["Everyone"], (await employee.GetFromJsonAsync<List<MyCourse>>("/api/compliance/me/training", Json))!.Select(c => c.Title));
        var views = await officer.GetFromJsonAsync<List<AssignmentView>>("/api/compliance/assignments", Json);
        var everyone = views!.Single(v => v.Title == "Everyone");
        Assert.Equal(3, everyone.People); // officer, Li Na and the editor have been seen
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.PostAsJsonAsync("/api/compliance/assignments", new { title = "x" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"title":"","lectureId":"l","targetType":"role","targetValue":"employee","dueAt":"2027-01-01T00:00:00Z"}""", "title")]
    [InlineData("""{"title":"t","targetType":"role","targetValue":"employee","dueAt":"2027-01-01T00:00:00Z"}""", "lectureId")]
    [InlineData("""{"title":"t","lectureId":"l","targetType":"role","targetValue":"boss","dueAt":"2027-01-01T00:00:00Z"}""", "not a role")]
    [InlineData("""{"title":"t","lectureId":"l","targetType":"team","targetValue":"x","dueAt":"2027-01-01T00:00:00Z"}""", "targetType")]
    [InlineData("""{"title":"t","lectureId":"l","targetType":"role","targetValue":"employee"}""", "dueAt")]
    [InlineData("""{"title":"t","lectureId":"l","targetType":"role","targetValue":"employee","dueAt":"2027-01-01T00:00:00Z","requiredWatchShare":1.5}""", "requiredWatchShare")]
    [InlineData("""{"title":"t","quizId":"5f0c6e6e-0000-4000-8000-000000000001","targetType":"role","targetValue":"employee","dueAt":"2027-01-01T00:00:00Z"}""", "not a quiz")]
    public async Task Bad_assignments_are_refused_with_what_is_wrong(string body, string mentioned)
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        using var refused = await officer.PostAsync("/api/compliance/assignments", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(mentioned, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Reminders_go_out_once_per_stage_in_the_persons_own_working_hours()
    {
        var soon = await AssignAsync(new { title = "Due soon", quizId = _quiz, targetType = "person", targetValue = "emp-7", dueAt = DateTimeOffset.UtcNow.AddDays(2) });
        var late = await AssignAsync(new { title = "Overdue", quizId = _quiz, targetType = "person", targetValue = "emp-7", dueAt = DateTimeOffset.UtcNow.AddDays(-2) });
        await AssignAsync(new { title = "Far off", quizId = _quiz, targetType = "person", targetValue = "emp-7", dueAt = DateTimeOffset.UtcNow.AddDays(30) });
        using var employee = _host.Client(Employee());
        // A zone where it is now mid-morning: reminders may go out there.
        var zone = TimeZoneInfo.GetSystemTimeZones().First(z => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, z).Hour == 10);
        Assert.Equal(HttpStatusCode.NoContent, (await employee.PutAsJsonAsync("/api/compliance/me/timezone", new { timeZone = zone.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await employee.PutAsJsonAsync("/api/compliance/me/timezone", new { timeZone = "Mars/Olympus" })).StatusCode);

        Assert.Equal(2, await RunRemindersAsync());
        Assert.Equal(0, await RunRemindersAsync());
        var reminders = await employee.GetFromJsonAsync<List<ReminderView>>("/api/compliance/me/reminders", Json);
        Assert.Equal([("Due soon", "due-soon"), ("Overdue", "overdue")], reminders!.Select(r => (r.Title, r.Stage)).Order());
        Assert.Equal(HttpStatusCode.NoContent, (await employee.PostAsync($"/api/compliance/me/reminders/{reminders![0].Id}/read", null)).StatusCode);
        Assert.NotNull((await employee.GetFromJsonAsync<List<ReminderView>>("/api/compliance/me/reminders", Json))!.Single(r => r.Id == reminders![0].Id).ReadAt);

        // At night in the person's zone nothing is sent, even what is due.
        var night = TimeZoneInfo.GetSystemTimeZones().First(z => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, z).Hour == 2);
        await employee.PutAsJsonAsync("/api/compliance/me/timezone", new { timeZone = night.Id });
        await _host.WithDbAsync(db => db.Reminders.ExecuteDeleteAsync());
        Assert.Equal(0, await RunRemindersAsync());
        Assert.NotEqual(soon.Id, late.Id);
    }

    private async Task<int> RunRemindersAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderSender>().RunAsync(CancellationToken.None);
    }
}
