using FunAsr.AsrService.Transcription;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FunAsr.AsrService.Api.Uploads;

/// <summary>Marks an endpoint whose multipart form carries audio: it is read by <see cref="UploadFormReader"/> before binding.</summary>
public sealed class UploadEndpoint
{
    public static readonly UploadEndpoint Instance = new();
}

public static class UploadForms
{
    /// <summary>The upload endpoints' routes, where a body that is not multipart is told what was expected.</summary>
    public static readonly string[] Routes = ["/v1/audio/transcriptions", "/api/asr/transcriptions", "/api/asr/jobs", "/api/asr/recordings"];

    /// <summary>An endpoint that takes audio as multipart/form-data, read under the upload limits.</summary>
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(UploadEndpoint.Instance).DisableAntiforgery();

    public static bool IsUploadRoute(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && Routes.Any(route => request.Path.Equals(route, StringComparison.OrdinalIgnoreCase));

    public static AsrException NotMultipart(HttpRequest request) => AsrException.Invalid("invalid_content_type",
        $"Expected a multipart/form-data body with a 'file' part, got '{request.ContentType ?? "no content type"}'.", "file");
}

/// <summary>
/// Reads an upload endpoint's multipart form into memory under <see cref="AsrApiOptions"/>' limits before the endpoint's
/// form binding runs (which then finds it read), so an oversized, truncated or malformed body is refused in the
/// endpoint's own error dialect as soon as it crosses the limit, and nothing is buffered to temporary files.
/// </summary>
public sealed class UploadFormReader(RequestDelegate next, IOptions<AsrApiOptions> options)
{
    private const int MaxFieldBytes = 64 * 1024;
    private const int MultipartOverheadBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<UploadEndpoint>() is null)
        {
            await next(context);
            return;
        }
        var limits = options.Value;
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw UploadForms.NotMultipart(request);
        }
        var bodyLimit = limits.MaxUploadBytes + MultipartOverheadBytes;
        if (request.ContentLength > bodyLimit)
        {
            throw TooLarge(limits.MaxUploadBytes);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = bodyLimit;
        }
        context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = limits.MaxUploadBytes,
            MemoryBufferThreshold = (int)Math.Min(limits.MaxUploadBytes, int.MaxValue),
            ValueLengthLimit = MaxFieldBytes,
        }));

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limits.MaxUploadBytes);
        }
        catch (InvalidDataException ex) when (ex.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal))
        {
            throw TooLarge(limits.MaxUploadBytes);
        }
        catch (InvalidDataException ex) when (ex.Message.StartsWith("Form value length limit", StringComparison.Ordinal))
        {
            throw AsrException.Invalid("field_too_large", $"A form field is longer than {MaxFieldBytes} bytes.");
        }
        catch (InvalidDataException ex)
        {
            throw AsrException.Invalid("invalid_multipart", $"The multipart body is malformed: {ex.Message}", "file");
        }
        catch (IOException ex) when (ex.Message.Contains("Unexpected end", StringComparison.OrdinalIgnoreCase))
        {
            throw AsrException.Invalid("invalid_multipart", $"The multipart body is incomplete: {ex.Message}", "file");
        }
        if (form.Files.Count > limits.MaxFilesPerRequest)
        {
            throw AsrException.Invalid("too_many_files", $"At most {limits.MaxFilesPerRequest} files per request.", "file");
        }
        if (form.Files.Sum(f => f.Length) > limits.MaxUploadBytes)
        {
            throw TooLarge(limits.MaxUploadBytes);
        }
        await next(context);
    }

    private static AsrException TooLarge(long maxBytes) => AsrException.TooLarge("file_too_large",
        $"The upload is larger than the limit of {maxBytes} bytes ({maxBytes / (1024.0 * 1024.0):0.#} MiB).");
}
