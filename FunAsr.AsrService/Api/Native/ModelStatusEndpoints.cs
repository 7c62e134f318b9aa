using FunAsr.AsrService.Models;
using FunAsr.AsrService.Recognition;

namespace FunAsr.AsrService.Api.Native;

/// <summary>
/// <c>GET /api/asr/model-status</c>: which model serves requests and whether it is the test model, answerable before
/// the model has loaded and without signing in (the gateway routes it anonymously, with a token naming nobody, so the
/// page can show its banner on every view, the sign-in screen included). It names no file path.
/// </summary>
public static class ModelStatusEndpoints
{
    public const string Route = "/api/asr/model-status";

    public static IEndpointConventionBuilder MapModelStatus(this RouteGroupBuilder asr) =>
        asr.MapGet("/model-status", (SpeechEngineStatus status, SpeechModelProvider provider) =>
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
