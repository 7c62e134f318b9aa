using FunAsr.AsrService.Recognition;

namespace FunAsr.AsrService.Models;

/// <summary>What a first run needs to be told when only the known-answer test model is there, in one place.</summary>
public static class TestModelNotice
{
    /// <summary>The real model a newcomer should install: SenseVoiceSmall int8, sherpa-onnx export (models/manifest.json).</summary>
    public const string DefaultModel = "sherpa-sensevoice-int8-2024-07-17";

    public const string InstallCommand = "models/fetch " + DefaultModel + " --allow-unpinned";

    public const string Message =
        "The known-answer TEST model is loaded: it recognises synthetic tone words only and cannot recognise speech. "
        + "Install a real model with `" + InstallCommand + "`, then restart.";
}

/// <summary>
/// <c>GET /api/asr/model-status</c>: which model serves requests and whether it is the test model, answerable before
/// the model has loaded and without a key (the gateway routes it anonymously so the page can show its banner on
/// every view, the sign-in screen included). It names no file path.
/// </summary>
public static class ModelStatusEndpoints
{
    public const string Route = "/api/asr/model-status";

    public static IEndpointConventionBuilder MapModelStatus(this IEndpointRouteBuilder app) =>
        app.MapGet(Route, (SpeechEngineStatus status, SpeechModelProvider provider) =>
            {
                var test = provider.IsKnownAnswerModel;
                return TypedResults.Ok(new ModelStatus(
                    status.State.ToString().ToLowerInvariant(),
                    status.Model?.Id,
                    status.Model?.Family,
                    status.Model?.Languages.Where(l => l != "auto").ToArray() ?? [],
                    test,
                    test ? TestModelNotice.Message : null,
                    test ? TestModelNotice.InstallCommand : null));
            })
            .WithName("ModelStatus")
            .WithSummary("The loaded model and whether it is the known-answer test model");

    public sealed record ModelStatus(
        string State,
        string? Model,
        string? Family,
        IReadOnlyList<string> Languages,
        bool TestModel,
        string? Notice,
        string? InstallCommand);
}
