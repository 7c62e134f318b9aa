using System.Text.Json;
using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.Learning.Compliance.Access;

/// <summary>
/// One entry of <see cref="ComplianceChannels.AccessStream"/> (the Q&amp;A service is about to show someone a redacted
/// lecture's clear text) recorded in the audit trail, once per request id. A malformed or invalid entry is logged and
/// acknowledged (it would fail the same way forever); a database failure leaves it pending for redelivery.
/// </summary>
public sealed class AccessStreamHandler(IServiceScopeFactory scopes, ILogger<AccessStreamHandler> logger) : IStreamEntryHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        ClearTextAccess? access;
        try
        {
            access = JsonSerializer.Deserialize<ClearTextAccess>(delivery[ComplianceChannels.AccessField].ToString(), Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Access entry {Id} is not a clear-text access record and was skipped: {Reason}", delivery.Id, ex.Message);
            return;
        }
        if (access is null)
        {
            logger.LogWarning("Access entry {Id} has no '{Field}' field and was skipped", delivery.Id, ComplianceChannels.AccessField);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            if (!await scope.ServiceProvider.GetRequiredService<ClearTextViews>().RecordAsync(access, cancellationToken))
            {
                logger.LogInformation("Access entry {Id}: view {RequestId} was already recorded", delivery.Id, access.RequestId);
            }
        }
        catch (ComplianceValidationException ex)
        {
            logger.LogWarning("Access entry {Id} was refused and skipped: {Reason}", delivery.Id, ex.Message);
        }
    }
}
