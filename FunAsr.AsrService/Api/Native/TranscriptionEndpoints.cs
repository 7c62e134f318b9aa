using System.Security.Claims;
using FunAsr.AsrService.Access;
using FunAsr.AsrService.Api.Uploads;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;
using FunAsr.Text.Sensitive;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Native;

/// <summary>
/// Synchronous transcription of one or several files (native shape): for content users, and for the Q&amp;A service relaying
/// an employee's spoken question (charged to the employee's audio budget).
/// </summary>
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
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRoleOrRelay(Roles.Content, AsrRoles.SpeechRelays);
        return asr;
    }

    private static async Task<Results<Ok<Transcript>, Ok<TranscriptBatch>>> TranscribeAsync(
        [FromForm] TranscriptionRequest request,
        ClaimsPrincipal user,
        TranscriptionSettingsParser parser,
        UploadTranscriber transcriber,
        ModelReadiness readiness,
        IOptions<AsrApiOptions> options,
        RedactionLog redactions,
        CancellationToken cancellationToken)
    {
        var files = request.Files ?? [];
        if (files.Count == 0)
        {
            throw AsrException.Invalid("missing_file", "No 'file' part: upload at least one audio or video file.", "file");
        }
        var settings = parser.Parse(readiness.Recognizer.Model, request.Model, request.Language, request.Itn,
            hotwords: request.Hotwords, redact: request.Redact, redactMask: request.RedactMask) with
        {
            Diarization = TranscriptionSettingsParser.Diarization(TranscriptionSettingsParser.Bool(request.Diarize, "diarize", false),
                request.NumSpeakers, request.MinSpeakers, request.MaxSpeakers, VoiceTenant.Of(user)),
        };
        var title = TranscriptionSettingsParser.Value(request.Title);
        var caller = Caller.Of(user);
        var account = AudioAccount.Of(caller);
        var redacted = files.Select(_ => new List<SensitiveFinding>()).ToArray();

        // Files run concurrently so the engine's batcher can put their segments in one inference call.
        var transcripts = await Task.WhenAll(files.Select(async (file, index) =>
        {
            try
            {
                await using var content = file.OpenReadStream();
                return await transcriber.TranscribeAsync(content, settings, title ?? file.FileName, options.Value.MaxSyncDurationSeconds, account, cancellationToken,
                    redacted: redacted[index]);
            }
            catch (AsrException ex) when (files.Count > 1)
            {
                throw ex.About(file.FileName);
            }
        }));
        if (settings.Redact is { } classes)
        {
            // One record for the request, however many files it held (best effort, one bounded attempt).
            await redactions.RecordTranscriptionAsync(caller, classes, RedactionLog.Count(redacted.SelectMany(r => r)));
        }
        return transcripts.Length == 1 ? TypedResults.Ok(transcripts[0]) : TypedResults.Ok(new TranscriptBatch(transcripts));
    }
}
