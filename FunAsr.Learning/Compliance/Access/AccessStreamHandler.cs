using FunAsr.Learning.Compliance.Streams;
using FunAsr.Messaging;

namespace FunAsr.Learning.Compliance.Access;

/// <summary>
/// One entry of <see cref="ComplianceChannels.AccessStream"/> (the Q&amp;A service is about to show someone a redacted
/// lecture's clear text) recorded in the audit trail, once per request id.
/// </summary>
public sealed class AccessStreamHandler(IServiceScopeFactory scopes, ILogger<AccessStreamHandler> logger)
    : ComplianceEntryHandler<ClearTextAccess>(scopes, logger, ComplianceChannels.AccessField, "Access")
{
    protected override async Task HandleAsync(IServiceProvider services, ClearTextAccess access, CancellationToken cancellationToken)
    {
        if (!await services.GetRequiredService<ClearTextViews>().RecordAsync(access, cancellationToken))
        {
            logger.LogInformation("View {RequestId} was already recorded", access.RequestId);
        }
    }
}
