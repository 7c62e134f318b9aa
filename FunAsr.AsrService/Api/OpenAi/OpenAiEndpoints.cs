using System.Security.Claims;
using FunAsr.AsrService.Access;
using FunAsr.AsrService.Api.Uploads;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;
using FunAsr.Text.Subtitles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.OpenAi;

/// <summary>OpenAI's audio transcription API, so existing OpenAI clients work unchanged.</summary>
public static class OpenAiEndpoints
{
    private static readonly string[] ResponseFormats = ["json", "text", "srt", "verbose_json", "vtt", "diarized_json"];
    private static readonly string[] Granularities = ["segment", "word"];

    public static RouteGroupBuilder MapOpenAiApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("OpenAI-compatible");
        group.MapPost("/audio/transcriptions", TranscribeAsync)
            .WithName("OpenAiTranscribe")
            .WithSummary("Transcribe one file (OpenAI audio API)")
            .AcceptsUpload()
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/vtt", "application/x-subrip")
            .Produces<OpenAiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorBody>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAiErrorBody>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<OpenAiErrorBody>(StatusCodes.Status429TooManyRequests)
            .Produces<OpenAiErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .RequireRoleOrRelay(Roles.Content, AsrRoles.SpeechRelays);
        group.MapGet("/models", ListModels).WithName("OpenAiModels").WithSummary("The loaded models");
        group.MapGet("/models/{id}", GetModel).WithName("OpenAiModel").WithSummary("One model by id or alias");
        return group;
    }

    private static async Task<Results<Ok<OpenAiTranscription>, Ok<OpenAiVerboseTranscription>, Ok<OpenAiDiarizedTranscription>, ContentHttpResult>> TranscribeAsync(
        [FromForm] OpenAiTranscriptionRequest request,
        ClaimsPrincipal user,
        TranscriptionSettingsParser parser,
        UploadTranscriber transcriber,
        KnownSpeakerReferences knownSpeakers,
        ModelReadiness readiness,
        IOptions<AsrApiOptions> options,
        IOptions<SubtitleRules> rules,
        RedactionLog redactions,
        CancellationToken cancellationToken)
    {
        if (request.File is not { } file)
        {
            throw AsrException.Invalid("missing_file", "Missing required parameter: 'file' (the audio to transcribe).", "file");
        }
        var format = (TranscriptionSettingsParser.Value(request.ResponseFormat) ?? "json").Trim().ToLowerInvariant();
        if (!ResponseFormats.Contains(format))
        {
            throw AsrException.Invalid("invalid_value",
                $"Invalid response_format '{format}'. Valid values: {string.Join(", ", ResponseFormats)}.", "response_format");
        }
        var granularities = (request.TimestampGranularities ?? []).Concat(request.TimestampGranularitiesPlain ?? [])
            .Where(g => g.Length > 0).Select(g => g.Trim().ToLowerInvariant()).Distinct().ToList();
        if (granularities.FirstOrDefault(g => !Granularities.Contains(g)) is { } unknown)
        {
            throw AsrException.Invalid("invalid_value",
                $"Invalid timestamp_granularities value '{unknown}'. Valid values: segment, word.", "timestamp_granularities");
        }
        if (granularities.Count > 0 && format != "verbose_json")
        {
            throw AsrException.Invalid("invalid_value",
                $"timestamp_granularities is only supported with response_format 'verbose_json', not '{format}'.", "timestamp_granularities");
        }
        var temperature = TranscriptionSettingsParser.Temperature(request.Temperature);
        var rich = TranscriptionSettingsParser.Bool(request.Rich, "rich", false);
        var names = Listed(request.KnownSpeakerNames, request.KnownSpeakerNamesPlain);
        var references = Listed(request.KnownSpeakerReferences, request.KnownSpeakerReferencesPlain);
        // diarized_json, the diarizing model's name and known speakers all mean "who spoke when"; diarize=true adds it to any format.
        var diarize = TranscriptionSettingsParser.Bool(request.Diarize, "diarize", false) || format == "diarized_json"
            || parser.ImpliesDiarization(request.Model) || names.Count + references.Count > 0;
        var speakerLabels = TranscriptionSettingsParser.Bool(request.SpeakerLabels, "speaker_labels", false);
        if (speakerLabels && !diarize)
        {
            throw AsrException.Invalid("invalid_value", "speaker_labels needs diarization: add diarize=true (or use response_format diarized_json).", "speaker_labels");
        }
        var settings = parser.Parse(readiness.Recognizer.Model, request.Model, request.Language, request.Itn, request.Prompt,
            redact: request.Redact, redactMask: request.RedactMask) with
        {
            Diarization = TranscriptionSettingsParser.Diarization(diarize, request.NumSpeakers, request.MinSpeakers, request.MaxSpeakers, VoiceTenant.Of(user)),
        };
        var known = await knownSpeakers.ReadAsync(names, references, cancellationToken);

        await using var content = file.OpenReadStream();
        var caller = Caller.Of(user);
        var redacted = new List<FunAsr.Text.Sensitive.SensitiveFinding>();
        var transcript = await transcriber.TranscribeAsync(content, settings, null, options.Value.MaxSyncDurationSeconds,
            AudioAccount.Of(caller), cancellationToken, known, redacted);
        if (settings.Redact is { } classes)
        {
            // Best effort, one bounded attempt: the answer does not wait on the audit trail.
            await redactions.RecordTranscriptionAsync(caller, classes, RedactionLog.Count(redacted));
        }
        return format switch
        {
            "text" => TypedResults.Text(Text(transcript, rich, speakerLabels), "text/plain; charset=utf-8"),
            "srt" => Subtitles(SubtitleFormat.Srt, transcript, rich, rules.Value, speakerLabels),
            "vtt" => Subtitles(SubtitleFormat.Vtt, transcript, rich, rules.Value, speakerLabels),
            "verbose_json" => TypedResults.Ok(OpenAiFormatter.Verbose(transcript, rich, temperature,
                includeSegments: granularities.Count == 0 || granularities.Contains("segment"),
                includeWords: granularities.Contains("word"))),
            "diarized_json" => TypedResults.Ok(OpenAiFormatter.Diarized(transcript, rich)),
            _ => TypedResults.Ok(OpenAiFormatter.Json(transcript, rich)),
        };
    }

    private static List<string> Listed(IReadOnlyList<string>? bracketed, IReadOnlyList<string>? plain) =>
        [.. (bracketed ?? []).Concat(plain ?? []).Where(v => !string.IsNullOrWhiteSpace(v))];

    // Plain text: the joined text, or with speaker labels a line per segment as the TXT download has it.
    private static string Text(Transcript transcript, bool rich, bool speakerLabels) => speakerLabels
        ? SubtitleWriter.ToText(TranscriptSegments.Timed(transcript, rich, speakerLabels: true))
        : (rich ? transcript.RichText : transcript.Text) + "\n";

    private static ContentHttpResult Subtitles(SubtitleFormat format, Transcript transcript, bool rich, SubtitleRules rules, bool speakerLabels) =>
        TypedResults.Text(TranscriptFiles.Write(format, transcript, rich, rules, speakerLabels), SubtitleWriter.MediaType(format));

    private static Ok<OpenAiModelList> ListModels(ModelReadiness readiness, TranscriptionSettingsParser parser, TimeProvider timeProvider) =>
        TypedResults.Ok(new OpenAiModelList("list", Models(readiness, parser, timeProvider)));

    private static Results<Ok<OpenAiModel>, NotFound<OpenAiErrorBody>> GetModel(
        string id, ModelReadiness readiness, TranscriptionSettingsParser parser, TimeProvider timeProvider) =>
        Models(readiness, parser, timeProvider).FirstOrDefault(m => m.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is { } model
            ? TypedResults.Ok(model)
            : TypedResults.NotFound(new OpenAiErrorBody(new OpenAiErrorDetail(
                $"The model '{id}' does not exist.", "invalid_request_error", "model", "model_not_found")));

    private static List<OpenAiModel> Models(ModelReadiness readiness, TranscriptionSettingsParser parser, TimeProvider timeProvider)
    {
        var created = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var model = readiness.Recognizer.Model;
        var languages = model.Languages.Where(l => l != "auto").ToList();
        var test = readiness.IsTestModel;
        return parser.ValidModels(model).Select(id => new OpenAiModel(id, "model", created, "funasr", languages)
        {
            TestModel = test ? true : null,
            Notice = test ? FunAsr.AsrService.Models.TestModelNotice.Message : null,
        }).ToList();
    }
}
