using System.Globalization;
using FunAsr.AsrService.Api.Errors;
using FunAsr.AsrService.Telemetry;

namespace FunAsr.AsrService.Api;

/// <summary>Counts requests by endpoint and outcome (<c>asr.requests</c>): "ok", "aborted" or the status a failure maps to.</summary>
public sealed class RequestCounter(AsrTelemetry telemetry) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint()?.DisplayName ?? http.Request.Path.Value ?? "?";
        try
        {
            var result = await next(context);
            telemetry.RequestFinished(endpoint, "ok");
            return result;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            telemetry.RequestFinished(endpoint, "aborted");
            throw;
        }
        catch (Exception ex)
        {
            telemetry.RequestFinished(endpoint, (AsrErrors.TryMap(ex)?.Status ?? StatusCodes.Status500InternalServerError).ToString(CultureInfo.InvariantCulture));
            throw;
        }
    }
}
