using FunAsr.AsrService.Api.Uploads;
using FunAsr.AsrService.Transcription;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Native;

/// <summary>Synchronous transcription of one or several files (native shape).</summary>
public static class TranscriptionEndpoints
{
    public static RouteGroupBuilder MapTranscriptionEndpoints(this RouteGroupBuilder asr)
    {
        asr.MapPost("/transcriptions", TranscribeAsync)
            .WithName("Transcribe")
            .WithSummary("Transcribe one or several files synchronously")
            .WithDescription("One file answers a transcript; several answer { results: [...] } in upload order.")
            .AcceptsUpload()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return asr;
    }

    private static async Task<Results<Ok<Transcript>, Ok<TranscriptBatch>>> TranscribeAsync(
        [FromForm] TranscriptionRequest request,
        TranscriptionSettingsParser parser,
        UploadTranscriber transcriber,
        ModelReadiness readiness,
        IOptions<AsrApiOptions> options,
        CancellationToken cancellationToken)
    {
        var files = request.Files ?? [];
        if (files.Count == 0)
        {
            throw AsrException.Invalid("missing_file", "No 'file' part: upload at least one audio or video file.", "file");
        }
        var settings = parser.Parse(readiness.Recognizer.Model, request.Model, request.Language, request.Itn,
            hotwords: request.Hotwords);
        var title = TranscriptionSettingsParser.Value(request.Title);

        // Files run concurrently so the engine's batcher can put their segments in one inference call.
        var transcripts = await Task.WhenAll(files.Select(async file =>
        {
            try
            {
                await using var content = file.OpenReadStream();
                return await transcriber.TranscribeAsync(content, settings, title ?? file.FileName, options.Value.MaxSyncDurationSeconds, cancellationToken);
            }
            catch (AsrException ex) when (files.Count > 1)
            {
                throw ex.About(file.FileName);
            }
        }));
        return transcripts.Length == 1 ? TypedResults.Ok(transcripts[0]) : TypedResults.Ok(new TranscriptBatch(transcripts));
    }
}
