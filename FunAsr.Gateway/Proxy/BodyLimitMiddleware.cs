using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Proxy;

/// <summary>
/// Applies the route's body limit (routes with metadata <c>BodyLimit: Upload</c> take audio files) and refuses a
/// declared oversize body at once with 413, before any byte is sent to a service. Bodies without a length are
/// cut off by Kestrel at the same limit while streaming; <see cref="ProxyErrorMiddleware"/> reports that.
/// </summary>
public sealed class BodyLimitMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options, GatewayMetrics metrics)
{
    public const string MetadataKey = "BodyLimit";
    public const string UploadValue = "Upload";

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = LimitFor(context);
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            metrics.Rejected("too_large");
            // The unread body stays on the wire, so tell the client not to reuse this connection.
            context.Response.Headers.Connection = "close";
            await GatewayError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request too large",
                TooLargeMessage(limit), "invalid_request_error", "request_too_large");
            return;
        }
        await next(context);
    }

    public static string TooLargeMessage(long limit) =>
        $"The request is larger than this address accepts ({FormatBytes(limit)}). Send a smaller file or split the recording.";

    private long LimitFor(HttpContext context)
    {
        var limits = options.CurrentValue.Limits;
        var metadata = context.GetReverseProxyFeature().Route.Config.Metadata;
        return metadata is not null && metadata.TryGetValue(MetadataKey, out var kind) && kind == UploadValue
            ? limits.UploadMaxBodyBytes
            : limits.MaxBodyBytes;
    }

    private static string FormatBytes(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : $"{bytes / 1024.0:0.#} KB";
}
