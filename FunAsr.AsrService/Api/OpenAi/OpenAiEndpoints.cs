using FunAsr.AsrService.Api.Health;
using FunAsr.AsrService.Api.Subtitles;
using FunAsr.AsrService.Api.Transcription;
using Microsoft.OpenApi;

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
            .AcceptsMultipart(
                new("file", "The audio or video file (any format ffmpeg reads)", Required: true, Binary: true),
                new("model", "A model id from /v1/models (or an alias such as whisper-1)"),
                new("language", "ISO-639-1 code or 'auto'"),
                new("prompt", "Hotwords for models that take them, separated by commas or spaces"),
                new("response_format", "json | text | srt | verbose_json | vtt"),
                new("temperature", "Accepted for compatibility (decoding is greedy)", JsonSchemaType.Number),
                new("timestamp_granularities[]", "segment | word; verbose_json only", Repeatable: true),
                new("itn", "Inverse text normalisation (default true)", JsonSchemaType.Boolean),
                new("rich", "Keep the language/emotion/event tags in the text", JsonSchemaType.Boolean))
            .Produces<OpenAiTranscription>()
            .Produces<OpenAiVerboseTranscription>()
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/vtt", "application/x-subrip")
            .Produces<OpenAiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorBody>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAiErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        group.MapGet("/models", ListModels).WithName("OpenAiModels").WithSummary("The loaded models").Produces<OpenAiModelList>();
        group.MapGet("/models/{id}", GetModel).WithName("OpenAiModel").WithSummary("One model by id or alias")
            .Produces<OpenAiModel>().Produces<OpenAiErrorBody>(StatusCodes.Status404NotFound);
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

    private static IResult ListModels(ModelReadiness readiness, TranscriptionSettingsParser parser, TimeProvider timeProvider) =>
        Results.Json(new OpenAiModelList("list", Models(readiness, parser, timeProvider)));

    private static IResult GetModel(string id, ModelReadiness readiness, TranscriptionSettingsParser parser, TimeProvider timeProvider) =>
        Models(readiness, parser, timeProvider).FirstOrDefault(m => m.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is { } model
            ? Results.Json(model)
            : throw new ApiError(StatusCodes.Status404NotFound, "model_not_found", $"The model '{id}' does not exist.", "model");

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
