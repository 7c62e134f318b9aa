using System.IO.Compression;
using FunAsr.AppHost.Telemetry.Otlp;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FunAsr.AppHost.Telemetry;

/// <summary>
/// OTLP/HTTP with protobuf bodies (the OpenTelemetry .NET exporter's <c>http/protobuf</c>): <c>/v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>.
/// Bad requests get RFC 7807 problems (400 malformed, 401 wrong key, 413 too large, 415 not protobuf) and never reach the store.
/// </summary>
public static class OtlpHttpReceiver
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    private const string ProtobufContentType = "application/x-protobuf";

    public static IEndpointConventionBuilder MapOtlpHttpReceiver(this IEndpointRouteBuilder endpoints, TelemetryStore store, string apiKey)
    {
        var group = endpoints.MapGroup("/v1");
        group.MapPost("/traces", (HttpRequest request) => ReceiveAsync(request.HttpContext, store, apiKey, ExportTraceServiceRequest.Parser, request =>
        {
            var (spans, rejected) = OtlpConverter.Spans(request);
            store.AddSpans(spans);
            return new ExportTraceServiceResponse { PartialSuccess = Partial(rejected, "spans need a 16-byte trace id and an 8-byte span id") };
        }));
        group.MapPost("/logs", (HttpRequest request) => ReceiveAsync(request.HttpContext, store, apiKey, ExportLogsServiceRequest.Parser, request =>
        {
            var (logs, rejected) = OtlpConverter.Logs(request);
            store.AddLogs(logs);
            return new ExportLogsServiceResponse
            {
                PartialSuccess = rejected == 0 ? null : new ExportLogsPartialSuccess { RejectedLogRecords = rejected, ErrorMessage = "bad trace or span id" },
            };
        }));
        group.MapPost("/metrics", (HttpRequest request) => ReceiveAsync(request.HttpContext, store, apiKey, ExportMetricsServiceRequest.Parser, request =>
        {
            OtlpConverter.Metrics(request, store);
            return new ExportMetricsServiceResponse();
        }));
        return group;
    }

    private static ExportTracePartialSuccess? Partial(int rejected, string message) =>
        rejected == 0 ? null : new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = message };

    private static async Task<IResult> ReceiveAsync<TRequest>(HttpContext context, TelemetryStore store, string apiKey,
        MessageParser<TRequest> parser, Func<TRequest, IMessage> ingest) where TRequest : IMessage<TRequest>
    {
        if (apiKey.Length > 0 && context.Request.Headers[ApiKeyHeader] != apiKey)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong OTLP API key",
                detail: $"Send the key from OTEL_EXPORTER_OTLP_HEADERS in the {ApiKeyHeader} header.");
        }
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
                detail: $"OTLP/HTTP bodies must be {ProtobufContentType}; got '{context.Request.ContentType ?? "none"}'.");
        }
        var limit = store.Limits.MaxRequestBytes;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        byte[] body;
        try
        {
            var raw = await ReadLimitedAsync(context.Request.Body, limit, context.RequestAborted);
            if (raw is null)
            {
                return TooLarge(limit);
            }
            var encoding = context.Request.Headers.ContentEncoding.ToString();
            if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                body = raw;
            }
            else if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                await using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                var inflated = await ReadLimitedAsync(gzip, limit, context.RequestAborted);
                if (inflated is null)
                {
                    return TooLarge(limit);
                }
                body = inflated;
            }
            else
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content encoding",
                    detail: $"Content-Encoding '{encoding}' is not supported; send gzip or no encoding.");
            }
        }
        catch (InvalidDataException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed gzip body", detail: ex.Message);
        }

        TRequest request;
        try
        {
            request = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed OTLP protobuf", detail: ex.Message);
        }
        var response = ingest(request);
        return Results.Bytes(response.ToByteArray(), ProtobufContentType);
    }

    private static IResult TooLarge(int limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "OTLP body too large",
            detail: $"The receiver accepts at most {limit} bytes per request (after decompression); export smaller batches.");

    /// <summary>The whole stream, or null when it holds more than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
