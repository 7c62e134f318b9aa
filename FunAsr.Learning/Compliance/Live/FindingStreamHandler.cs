using FunAsr.Learning.Compliance.Alerts;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Streams;
using FunAsr.Messaging;

namespace FunAsr.Learning.Compliance.Live;

/// <summary>
/// One entry of <see cref="ComplianceChannels.FindingsStream"/> (a finding the speech service heard on a live stream)
/// raised as an alert: stored once by its dedupe key, recorded in the audit trail, owed to every webhook receiver and
/// pushed to the inbox stream.
/// </summary>
public sealed class FindingStreamHandler(IServiceScopeFactory scopes, ILogger<FindingStreamHandler> logger)
    : ComplianceEntryHandler<FindingReport>(scopes, logger, ComplianceChannels.FindingField, "Finding")
{
    private static readonly AuditActor Producer = new("service:asr", "Live captions");

    protected override Task HandleAsync(IServiceProvider services, FindingReport finding, CancellationToken cancellationToken) =>
        services.GetRequiredService<AlertService>().RaiseAsync([finding], Producer, cancellationToken);
}
