using FunAsr.AsrService.Api.Health;
using FunAsr.AsrService.Api.Subtitles;
using FunAsr.AsrService.Api.Transcription;

namespace FunAsr.AsrService.Api.OpenAi;

/// <summary>OpenAI's audio transcription API, so existing OpenAI clients work unchanged.</summary>
public static class OpenAiEndpoints
{
    private static readonly string[] ResponseFormats = ["json", "text", "srt", "verbose_json", "vtt"];
    private static readonly string[] Granularities = ["segment", "word"];

    public static RouteGroupBuilder MapOpenAiApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("OpenAI-compatible").AddEndpointFilter<OpenAiErrorFilter>();
        group.MapPost("/audio/transcriptions", TranscribeAsync)
            .WithName("OpenAiTranscribe")
            .WithSummary("Transcribe one file (OpenAI audio API)")
            .Accepts<OpenAiTranscriptionForm>("multipart/form-data")
            .Produces<OpenAiTranscription>()
            .Produces<OpenAiVerboseTranscription>()
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/vtt", "application/x-subrip")
            .Produces<OpenAiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorBody>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAiErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        group.MapGet("/models", ListModels).WithName("OpenAiModels").WithSummary("The loaded models").Produces<OpenAiModelList>();
        return group;
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
            throw ApiError.BadRequest("missing_file", "Missing required parameter: 'file' (the audio to transcribe).", "file");
        }
        var format = (form.Value("response_format") ?? "json").Trim().ToLowerInvariant();
        if (!ResponseFormats.Contains(format))
        {
            throw ApiError.BadRequest("invalid_value",
                $"Invalid response_format '{format}'. Valid values: {string.Join(", ", ResponseFormats)}.", "response_format");
        }
        var granularities = form.Values("timestamp_granularities[]", "timestamp_granularities")
            .Select(g => g.Trim().ToLowerInvariant()).Distinct().ToList();
        if (granularities.FirstOrDefault(g => !Granularities.Contains(g)) is { } unknown)
        {
            throw ApiError.BadRequest("invalid_value",
                $"Invalid timestamp_granularities value '{unknown}'. Valid values: segment, word.", "timestamp_granularities");
        }
        if (granularities.Count > 0 && format != "verbose_json")
        {
            throw ApiError.BadRequest("invalid_value",
                $"timestamp_granularities is only supported with response_format 'verbose_json', not '{format}'.", "timestamp_granularities");
        }
        var temperature = TranscriptionSettingsParser.Temperature(form);
        var rich = TranscriptionSettingsParser.Bool(form, "rich", false);
        var settings = parser.Parse(form, readiness.Recognizer.Model);

        var transcript = await service.TranscribeAsync(form.Files[0], settings, null, cancellationToken);
        return format switch
        {
            "text" => Results.Text((rich ? transcript.RichText : transcript.Text) + "\n", "text/plain; charset=utf-8"),
            "srt" => Results.Text(TranscriptSubtitles.Srt(transcript, rich), "application/x-subrip; charset=utf-8"),
            "vtt" => Results.Text(TranscriptSubtitles.Vtt(transcript, rich), "text/vtt; charset=utf-8"),
            "verbose_json" => Results.Json(OpenAiFormatter.Verbose(transcript, rich, temperature,
                includeSegments: granularities.Count == 0 || granularities.Contains("segment"),
                includeWords: granularities.Contains("word"))),
            _ => Results.Json(OpenAiFormatter.Json(transcript, rich)),
        };
    }

    private static IResult ListModels(ModelReadiness readiness, TranscriptionSettingsParser parser, TimeProvider timeProvider)
    {
        var model = readiness.Recognizer.Model;
        var created = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var data = parser.ValidModels(model).Select(id => new OpenAiModel(id, "model", created, "funasr")).ToList();
        return Results.Json(new OpenAiModelList("list", data));
    }
}

/// <summary>The multipart fields of the OpenAI transcription request, for the OpenAPI document.</summary>
public sealed record OpenAiTranscriptionForm(
    IFormFile File,
    string? Model,
    string? Language,
    string? Prompt,
    string? ResponseFormat,
    double? Temperature,
    string[]? TimestampGranularities,
    bool? Itn,
    bool? Rich);
