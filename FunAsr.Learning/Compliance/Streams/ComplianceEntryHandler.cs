using System.Text.Json;
using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.Learning.Compliance.Streams;

/// <summary>
/// One entry of a stream another service feeds the compliance service with: a JSON record (web casing) in one field,
/// handled in a scope of its own. A malformed or invalid entry is logged and acknowledged (it would fail the same way
/// forever); a database failure leaves it pending for redelivery.
/// </summary>
public abstract class ComplianceEntryHandler<TRecord>(IServiceScopeFactory scopes, ILogger logger, string field, string what) : IStreamEntryHandler
    where TRecord : class
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        TRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<TRecord>(delivery[field].ToString(), Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("{What} entry {Id} could not be read and was skipped: {Reason}", what, delivery.Id, ex.Message);
            return;
        }
        if (record is null)
        {
            logger.LogWarning("{What} entry {Id} has no '{Field}' field and was skipped", what, delivery.Id, field);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await HandleAsync(scope.ServiceProvider, record, cancellationToken);
        }
        catch (ComplianceValidationException ex)
        {
            logger.LogWarning("{What} entry {Id} was refused and skipped: {Reason}", what, delivery.Id, ex.Message);
        }
    }

    /// <summary>Handles a record read from an entry; <see cref="ComplianceValidationException"/> skips it.</summary>
    protected abstract Task HandleAsync(IServiceProvider services, TRecord record, CancellationToken cancellationToken);
}
