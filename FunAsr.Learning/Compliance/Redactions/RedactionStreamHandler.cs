using FunAsr.Learning.Compliance.Streams;
using FunAsr.Messaging;

namespace FunAsr.Learning.Compliance.Redactions;

/// <summary>
/// One entry of <see cref="ComplianceChannels.RedactionsStream"/> (the speech service applied a redaction to a job or a
/// synchronous request) recorded in the audit trail, once per id.
/// </summary>
public sealed class RedactionStreamHandler(IServiceScopeFactory scopes, ILogger<RedactionStreamHandler> logger)
    : ComplianceEntryHandler<RedactionRecord>(scopes, logger, ComplianceChannels.RedactionField, "Redaction")
{
    protected override async Task HandleAsync(IServiceProvider services, RedactionRecord redaction, CancellationToken cancellationToken)
    {
        if (!await services.GetRequiredService<AppliedRedactions>().RecordAsync(redaction, cancellationToken))
        {
            logger.LogInformation("Redaction {RedactionId} was already recorded", redaction.Id);
        }
    }
}
