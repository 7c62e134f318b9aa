using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Messaging;

namespace FunAsr.Tests.Compliance;

/// <summary>
/// Redactions the speech service applied, as it reports them on the real Redis stream <c>compliance:redactions</c>: each
/// becomes one <c>redaction.applied</c> row of the trail (the submitter as the actor, the speech service's job when there is
/// none), an entry delivered again adds none, and a malformed one is skipped without holding up the next.
/// </summary>
public sealed class RedactionAuditTests() : ComplianceStreamTests(ComplianceChannels.RedactionsStream, ComplianceChannels.RedactionsGroup)
{
    public static RedactionRecord Redaction(string id, string source = RedactionSources.Job, string? submitterId = "chen", string? submitterName = "Chen Content",
        string classes = "pii", IReadOnlyDictionary<string, int>? spans = null) =>
        new(id, source, submitterId, submitterName, classes, spans ?? new Dictionary<string, int> { ["phone"] = 2, ["customer"] = 1 },
            new DateTimeOffset(2026, 12, 1, 10, 5, 7, 456, TimeSpan.FromHours(8)));

    private Task AddAsync(RedactionRecord redaction) => AddRawAsync(ComplianceChannels.RedactionField, JsonSerializer.Serialize(redaction, Json));

    [Fact]
    public async Task A_redaction_on_the_stream_becomes_one_trail_row_with_the_submitter_as_actor_and_the_chain_still_verifies()
    {
        using var officer = Host.Client(ComplianceHost.Officer);
        await AddAsync(Redaction("job-1"));

        var row = Assert.Single(await WaitForRowsAsync(officer, AuditKinds.RedactionApplied, rows => rows.Count > 0));
        Assert.Equal(AuditKinds.RedactionApplied, row.Kind);
        Assert.Equal("chen", row.ActorId);
        Assert.Equal("Chen Content", row.ActorName);
        Assert.Equal("job-1", row.Subject);
        var detail = JsonDocument.Parse(row.Detail).RootElement;
        Assert.Equal("job", detail.GetProperty("source").GetString());
        Assert.Equal("pii", detail.GetProperty("classes").GetString());
        Assert.Equal(["customer", "phone"], detail.GetProperty("spans").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, detail.GetProperty("spans").GetProperty("customer").GetInt32());
        Assert.Equal(2, detail.GetProperty("spans").GetProperty("phone").GetInt32());
        Assert.Equal(new DateTime(2026, 12, 1, 2, 5, 7, 456, DateTimeKind.Utc), detail.GetProperty("at").GetDateTime().ToUniversalTime());

        var verification = await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json);
        Assert.True(verification!.Valid, verification.Problem);
        Assert.Equal(row.Hash, verification.LastHash);
        await AssertNothingPendingAsync();
        Assert.Equal(1, Metrics.Sum("compliance.redactions.recorded"));
    }

    [Fact]
    public async Task The_same_redaction_delivered_again_is_recorded_once_and_one_without_a_submitter_names_the_speech_service()
    {
        using var officer = Host.Client(ComplianceHost.Officer);
        await AddAsync(Redaction("req-again", RedactionSources.Transcription));
        await WaitForRowsAsync(officer, AuditKinds.RedactionApplied, rows => rows.Count == 1);
        await AddAsync(Redaction("req-again", RedactionSources.Transcription));
        await AddAsync(Redaction("req-again", RedactionSources.Transcription));
        // A later redaction, consumed after the repeats, says they were handled; zero spans found is still a redaction.
        await AddAsync(Redaction("job-after", submitterId: null, submitterName: null, classes: "numbers", spans: new Dictionary<string, int>()));

        var rows = await WaitForRowsAsync(officer, AuditKinds.RedactionApplied, rows => rows.Any(r => r.Subject == "job-after"));
        Assert.Equal(["req-again", "job-after"], rows.Select(r => r.Subject));
        Assert.Equal(["chen", AuditActor.Job("asr").Id], rows.Select(r => r.ActorId));
        Assert.Equal("transcription", JsonDocument.Parse(rows[0].Detail).RootElement.GetProperty("source").GetString());
        Assert.Empty(JsonDocument.Parse(rows[1].Detail).RootElement.GetProperty("spans").EnumerateObject());
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        await AssertNothingPendingAsync();
        Assert.Equal(2, Metrics.Sum("compliance.redactions.recorded"));
    }

    [Fact]
    public async Task A_malformed_entry_is_skipped_and_the_redaction_after_it_is_recorded()
    {
        using var officer = Host.Client(ComplianceHost.Officer);
        await AddRawAsync(ComplianceChannels.RedactionField, "not json at all");
        await AddRawAsync("something-else", "{}");
        await AddRawAsync(ComplianceChannels.RedactionField, "null");
        await AddAsync(Redaction(" "));
        await AddAsync(Redaction(new string('r', 300)));
        await AddAsync(Redaction("job-bad-source", source: "live"));
        await AddAsync(Redaction("job-negative", spans: new Dictionary<string, int> { ["phone"] = -1 }));
        await AddAsync(Redaction("job-no-classes", classes: " "));
        await AddAsync(Redaction("job-good"));

        var row = Assert.Single(await WaitForRowsAsync(officer, AuditKinds.RedactionApplied, rows => rows.Count > 0));
        Assert.Equal("job-good", row.Subject);
        Assert.Equal("chen", row.ActorId);
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        await AssertNothingPendingAsync();
        Assert.Equal(1, Metrics.Sum("compliance.redactions.recorded"));
    }
}
