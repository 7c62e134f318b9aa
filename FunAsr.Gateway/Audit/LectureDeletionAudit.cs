using System.Text.RegularExpressions;
using FunAsr.Data.Accounts;

namespace FunAsr.Gateway.Audit;

/// <summary>
/// Records a lecture deletion once the Q&amp;A service has confirmed it (2xx), with the person who asked for it: the
/// service itself keeps no audit trail, and the gateway is the one place that knows who the caller was.
/// </summary>
public sealed partial class LectureDeletionAudit(RequestDelegate next, ILogger<LectureDeletionAudit> logger)
{
    public async Task InvokeAsync(HttpContext context, AuditTrail audit)
    {
        var match = HttpMethods.IsDelete(context.Request.Method) ? LecturePath().Match(context.Request.Path.Value ?? string.Empty) : Match.Empty;
        await next(context);
        if (!match.Success || context.Response.StatusCode is < 200 or >= 300)
        {
            return;
        }
        try
        {
            await audit.RecordAsync(AuditKinds.LectureDeleted, Uri.UnescapeDataString(match.Groups["id"].Value), cancellationToken: CancellationToken.None);
        }
        catch (Exception error)
        {
            // The lecture is already gone; the answer stands, and the missing audit row is an operator's alert.
            logger.LogError(error, "Lecture {Lecture} was deleted but the audit trail could not record it", match.Groups["id"].Value);
        }
    }

    [GeneratedRegex("^/api/qa/lectures/(?<id>[^/]+)$")]
    private static partial Regex LecturePath();
}
