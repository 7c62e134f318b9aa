using FunAsr.AsrService.Api.Health;
using FunAsr.AsrService.Api.Transcription;
using Microsoft.OpenApi;

namespace FunAsr.AsrService.Api.Native;

/// <summary>Synchronous transcription of one or several files (native shape).</summary>
public static class TranscriptionEndpoints
{
    public static RouteGroupBuilder MapTranscriptionEndpoints(this RouteGroupBuilder asr)
    {
        asr.MapPost("/transcriptions", TranscribeAsync)
            .WithName("Transcribe")
            .WithSummary("Transcribe one or several files synchronously")
            .WithDescription("Multipart: 'file' (repeatable), 'language' (auto or ISO-639-1), 'itn' (default true), 'title'. " +
                             "One file answers a transcript; several answer { results: [...] } in upload order.")
            .AcceptsMultipart(
                new("file", "One or more audio or video files", Required: true, Binary: true, Repeatable: true),
                new("language", "ISO-639-1 code or 'auto'"),
                new("itn", "Inverse text normalisation (default true)", JsonSchemaType.Boolean),
                new("title", "Title given to the transcripts (default: the file name)"))
            .Produces<Transcript>()
            .Produces<TranscriptBatch>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        return asr;
    }

    private static async Task<IResult> TranscribeAsync(
        HttpRequest request,
        UploadFormReader reader,
        TranscriptionSettingsParser parser,
        TranscriptionService service,
        ModelReadiness readiness,
        CancellationToken cancellationToken)
    {
        var form = await reader.ReadAsync(request, cancellationToken);
        if (form.Files.Count == 0)
        {
            throw ApiError.BadRequest("missing_file", "No 'file' part: upload at least one audio or video file.", "file");
        }
        var settings = parser.Parse(form, readiness.Recognizer.Model);
        var title = form.Value("title");

        // Files run concurrently so the engine's batcher can put their segments in one inference call.
        var transcripts = await Task.WhenAll(form.Files.Select(async file =>
        {
            try
            {
                return await service.TranscribeAsync(file, settings, title ?? file.FileName, cancellationToken);
            }
            catch (Exception ex) when (form.Files.Count > 1 && ApiErrorMapper.TryMap(ex) is { } error)
            {
                throw new ApiError(error.Status, error.Code, $"{file.FileName}: {error.Message}", error.Param, error.RetryAfter);
            }
        }));
        return transcripts.Length == 1 ? Results.Json(transcripts[0]) : Results.Json(new TranscriptBatch(transcripts));
    }
}

public sealed record TranscriptBatch(IReadOnlyList<Transcript> Results);
