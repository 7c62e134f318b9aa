using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FunAsr.AsrService.Api.Transcription;

/// <summary>
/// Streams a multipart body into memory under the upload limit, so nothing is buffered to temporary files
/// and an oversized upload is refused as soon as it crosses the limit.
/// </summary>
public sealed class UploadFormReader(IOptions<AsrApiOptions> options)
{
    private const int MaxFieldBytes = 64 * 1024;
    private const int MultipartOverheadBytes = 1024 * 1024;

    public async Task<UploadForm> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiError.BadRequest("invalid_content_type",
                $"Expected a multipart/form-data body with a 'file' part, got '{request.ContentType ?? "no content type"}'.", "file");
        }
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw ApiError.BadRequest("invalid_content_type", "The multipart/form-data content type has no boundary.", "file");
        }
        var bodyLimit = limits.MaxUploadBytes + MultipartOverheadBytes;
        if (request.ContentLength > bodyLimit)
        {
            throw TooLarge(limits.MaxUploadBytes);
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = bodyLimit;
        }

        var form = new UploadForm();
        long fileBytes = 0;
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = bodyLimit };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || disposition.Name.Value is not { } rawName)
                {
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(rawName).Value ?? string.Empty;
                if (disposition.IsFileDisposition())
                {
                    if (form.Files.Count >= limits.MaxFilesPerRequest)
                    {
                        throw ApiError.BadRequest("too_many_files", $"At most {limits.MaxFilesPerRequest} files per request.", name);
                    }
                    var content = await ReadBoundedAsync(section.Body, limits.MaxUploadBytes - fileBytes, cancellationToken)
                        ?? throw TooLarge(limits.MaxUploadBytes);
                    fileBytes += content.Length;
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                        ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "audio";
                    if (name == "file")
                    {
                        form.Files.Add(new UploadedFile(fileName, section.ContentType, content));
                    }
                }
                else
                {
                    var value = await ReadBoundedAsync(section.Body, MaxFieldBytes, cancellationToken)
                        ?? throw ApiError.BadRequest("field_too_large", $"Form field '{name}' is longer than {MaxFieldBytes} bytes.", name);
                    form.AddField(name, Encoding.UTF8.GetString(value));
                }
            }
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(limits.MaxUploadBytes);
        }
        catch (InvalidDataException ex)
        {
            throw ApiError.BadRequest("invalid_multipart", $"The multipart body is malformed: {ex.Message}", "file");
        }
        catch (IOException ex) when (ex.InnerException is InvalidDataException or null && ex.Message.Contains("Unexpected end", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiError.BadRequest("invalid_multipart", $"The multipart body is incomplete: {ex.Message}", "file");
        }
        return form;
    }

    private static ApiError TooLarge(long maxBytes) => ApiError.TooLarge("file_too_large",
        $"The upload is larger than the limit of {maxBytes} bytes ({maxBytes / (1024.0 * 1024.0):0.#} MiB).");

    /// <summary>Reads the whole stream, or returns null as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
