using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Streaming;
using FunAsr.AsrService.Telemetry;
using FunAsr.Messaging;
using FunAsr.Text.Sensitive;
using FunAsr.Text.Subtitles;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Compliance;

/// <summary>The stream's id and who is speaking on it, as the gateway's token names them.</summary>
public sealed record LiveSpeaker(string SessionId, string? PersonId, string? PersonName);

/// <summary>
/// Scans each live final as it is sent: every finding becomes an <see cref="AlertMessage"/> on the caption stream and
/// a finding report on <see cref="ComplianceChannels.FindingsStream"/>, which the compliance service turns into an inbox
/// entry and signed webhook deliveries. Both happen before the next audio is transcribed, so an alert follows its final
/// by the time of one scan and one XADD (measured as <c>asr.live.alert_delay</c>).
/// </summary>
public sealed class LiveFindingMonitor(
    SensitiveScanner scanner,
    RedisConnection redis,
    IOptionsMonitor<SpeechComplianceOptions> options,
    SpeechComplianceTelemetry telemetry,
    TimeProvider time,
    ILogger<LiveFindingMonitor> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Enabled => options.CurrentValue.LiveAlerts;

    public async Task<IReadOnlyList<LiveServerMessage>> ScreenAsync(LiveSpeaker speaker, FinalMessage final, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var activity = AsrTelemetry.StartStage("live.screen");
        var text = new TimedText(final.Start, final.End, final.Text, [.. (final.Words ?? []).Select(w => new TimedWord(w.Word, w.Start, w.End))]);
        var minimum = options.CurrentValue.MinimumAlertConfidence;
        var findings = scanner.Scan(text).Where(f => f.Confidence >= minimum).ToList();
        activity?.SetTag("asr.live.findings", findings.Count);
        if (findings.Count == 0)
        {
            return [];
        }
        var excerpt = Excerpt(final.Text, findings);
        var now = time.GetUtcNow();
        var reports = findings.Select(f => new FindingReport(
            $"live:{speaker.SessionId}:{final.Start:0.000}:{f.Start}:{f.Kind}", f.Kind, "live", speaker.SessionId, null,
            speaker.PersonId, speaker.PersonName ?? speaker.PersonId, excerpt, f.Term, f.Confidence, f.Reason, f.StartTime, f.EndTime, now)).ToList();
        var reported = await PublishAsync(reports);
        foreach (var finding in findings)
        {
            telemetry.LiveFinding(finding.Kind);
        }
        telemetry.AlertDelay(time.GetElapsedTime(started));
        return [.. findings.Select(f => (LiveServerMessage)new AlertMessage(f.Kind, f.Masked, f.Term, f.Confidence, f.Reason, f.StartTime, f.EndTime, excerpt, reported))];
    }

    /// <summary>The final with every finding shown in its masked form (a listed term shows as itself).</summary>
    public static string Excerpt(string text, IReadOnlyList<SensitiveFinding> findings)
    {
        var builder = new StringBuilder(text.Length);
        var cursor = 0;
        foreach (var finding in findings)
        {
            builder.Append(text, cursor, finding.Start - cursor).Append(finding.Masked);
            cursor = finding.End;
        }
        return builder.Append(text, cursor, text.Length - cursor).ToString();
    }

    // The stream is the record the compliance service raises alerts from; without Redis the caption stream still says it.
    private async Task<bool> PublishAsync(IReadOnlyList<FindingReport> reports)
    {
        if (redis.TryGetDatabase() is not { } database)
        {
            telemetry.Unpublished(reports.Count);
            return false;
        }
        try
        {
            var cap = options.CurrentValue.MaxStreamLength;
            foreach (var report in reports)
            {
                await database.StreamAddAsync(ComplianceChannels.FindingsStream, ComplianceChannels.FindingField,
                    JsonSerializer.Serialize(report, Json), maxLength: cap, useApproximateMaxLength: true);
            }
            redis.ReportSuccess();
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure(ex);
            telemetry.Unpublished(reports.Count);
            logger.LogWarning("{Count} live finding(s) could not be put on {Stream}: {Reason}", reports.Count, ComplianceChannels.FindingsStream, ex.Message);
            return false;
        }
    }

    /// <summary>The compliance service's finding report, field for field (FunAsr.Learning's Compliance/Alerts).</summary>
    private sealed record FindingReport(
        string DedupeKey, string Kind, string Source, string SourceId, string? SourceTitle, string? PersonId, string? PersonName,
        string Excerpt, string? Term, double Confidence, string Reason, double? StartTime, double? EndTime, DateTimeOffset DetectedAt);
}
