using System.Text.Json;
using FunAsr.Learning.Compliance.Alerts;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.Learning.Compliance.Live;

/// <summary>
/// One entry of <see cref="ComplianceChannels.FindingsStream"/> (a finding the speech service heard on a live stream)
/// raised as an alert: stored once by its dedupe key, recorded in the audit trail, owed to every webhook receiver and
/// pushed to the inbox stream. A malformed or invalid entry is logged and acknowledged (it would fail the same way
/// forever); a database failure leaves it pending for redelivery.
/// </summary>
public sealed class FindingStreamHandler(IServiceScopeFactory scopes, ILogger<FindingStreamHandler> logger) : IStreamEntryHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly AuditActor Producer = new("service:asr", "Live captions");

    public async Task HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        FindingReport? finding;
        try
        {
            finding = JsonSerializer.Deserialize<FindingReport>(delivery[ComplianceChannels.FindingField].ToString(), Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Finding entry {Id} is not a finding report and was skipped: {Reason}", delivery.Id, ex.Message);
            return;
        }
        if (finding is null)
        {
            logger.LogWarning("Finding entry {Id} has no '{Field}' field and was skipped", delivery.Id, ComplianceChannels.FindingField);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<AlertService>().RaiseAsync([finding], Producer, cancellationToken);
        }
        catch (ComplianceValidationException ex)
        {
            logger.LogWarning("Finding entry {Id} was refused and skipped: {Reason}", delivery.Id, ex.Message);
        }
    }
}
