using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace FunAsr.Gateway.Proxy;

/// <summary>
/// YARP answers a failed hop with a bare status code; this turns it into a sentence a person can act on
/// (problem details, or the OpenAI error body on /v1) as long as nothing has been sent yet.
/// </summary>
public sealed class ProxyErrorMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options, GatewayMetrics metrics,
    ILogger<ProxyErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var failure = context.Features.Get<IForwarderErrorFeature>();
        if (failure is null || failure.Error == ForwarderError.None)
        {
            return;
        }
        var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        metrics.ProxyError(cluster, failure.Error.ToString());
        logger.LogWarning(failure.Exception, "Forwarding to {Cluster} failed: {Error}", cluster, failure.Error);
        if (context.Response.HasStarted)
        {
            return;
        }

        var service = cluster switch { "qabot" => "question-answering", "learning" => "learning", _ => "speech recognition" };
        var (status, title, detail, code) = failure.Error switch
        {
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                $"The {service} service has no healthy instance right now. Try again in a minute.", "service_unavailable"),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, "Service timed out",
                $"The {service} service took too long to answer. Try again, or send long recordings as a job.", "upstream_timeout"),
            ForwarderError.RequestBodyClient when IsTooLarge(failure.Exception) => (StatusCodes.Status413PayloadTooLarge, "Request too large",
                BodyLimitMiddleware.TooLargeMessage(CurrentLimit(context)), "request_too_large"),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => (StatusCodes.Status400BadRequest, "Request cancelled",
                "The upload was interrupted before it finished. Try again.", "request_cancelled"),
            ForwarderError.RequestBodyClient => (StatusCodes.Status400BadRequest, "Upload failed",
                "The upload could not be read completely. Try again.", "bad_request_body"),
            _ => (StatusCodes.Status502BadGateway, "Service unreachable",
                $"The {service} service could not be reached. Try again in a minute; if it keeps failing, tell an administrator.", "bad_gateway"),
        };
        await GatewayError.WriteAsync(context, status, title, detail, status == 503 ? "server_error" : "api_error", code);
    }

    private long CurrentLimit(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? options.CurrentValue.Limits.UploadMaxBodyBytes;

    private static bool IsTooLarge(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }
        return false;
    }
}
