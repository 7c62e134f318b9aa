using System.Text.Json;
using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.Learning.Compliance.Redactions;

/// <summary>
/// One entry of <see cref="ComplianceChannels.RedactionsStream"/> (the speech service applied a redaction to a job or a
/// synchronous request) recorded in the audit trail, once per id. A malformed or invalid entry is logged and acknowledged
/// (it would fail the same way forever); a database failure leaves it pending for redelivery.
/// </summary>
public sealed class RedactionStreamHandler(IServiceScopeFactory scopes, ILogger<RedactionStreamHandler> logger) : IStreamEntryHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        RedactionRecord? redaction;
        try
        {
            redaction = JsonSerializer.Deserialize<RedactionRecord>(delivery[ComplianceChannels.RedactionField].ToString(), Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Redaction entry {Id} is not a redaction record and was skipped: {Reason}", delivery.Id, ex.Message);
            return;
        }
        if (redaction is null)
        {
            logger.LogWarning("Redaction entry {Id} has no '{Field}' field and was skipped", delivery.Id, ComplianceChannels.RedactionField);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            if (!await scope.ServiceProvider.GetRequiredService<AppliedRedactions>().RecordAsync(redaction, cancellationToken))
            {
                logger.LogInformation("Redaction entry {Id}: redaction {RedactionId} was already recorded", delivery.Id, redaction.Id);
            }
        }
        catch (ComplianceValidationException ex)
        {
            logger.LogWarning("Redaction entry {Id} was refused and skipped: {Reason}", delivery.Id, ex.Message);
        }
    }
}
