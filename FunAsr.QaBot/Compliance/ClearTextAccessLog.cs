using System.Text.Json;
using FunAsr.Messaging;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Telemetry;
using FunAsr.Security.Authorization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.QaBot.Compliance;

/// <summary>
/// Records a view of a lecture's clear text on <see cref="ComplianceChannels.AccessStream"/>, which the compliance service
/// turns into a row of its audit trail. It is written before the text is shown: when Redis does not take it, the view is
/// refused (the Redis outage answer), so no view goes unrecorded.
/// </summary>
public sealed class ClearTextAccessLog(IConnectionMultiplexer redis, IOptions<QaBotOptions> options, QaTelemetry telemetry, TimeProvider time, ILogger<ClearTextAccessLog> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>The id the view is recorded under.</returns>
    public async Task<string> RecordAsync(Caller viewer, Lecture lecture)
    {
        // The gateway's request id is unique per request; a caller without one (a direct internal call) gets its own.
        var requestId = viewer.RequestId ?? Guid.NewGuid().ToString("N");
        var access = new ClearTextAccess(requestId, lecture.Id, lecture.Title, viewer.Subject, viewer.Name, viewer.Role, time.GetUtcNow());
        await redis.GetDatabase().StreamAddAsync(ComplianceChannels.AccessStream, ComplianceChannels.AccessField, JsonSerializer.Serialize(access, Json),
            maxLength: options.Value.Compliance.AccessStreamMaxLength, useApproximateMaxLength: true);
        telemetry.ClearTextViews.Add(1, new KeyValuePair<string, object?>("role", viewer.Role));
        logger.LogInformation("Clear text of lecture {LectureId} shown to {Viewer} ({Role}), recorded as {RequestId}", lecture.Id, viewer.Subject, viewer.Role, requestId);
        return requestId;
    }
}
