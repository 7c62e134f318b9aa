using FunAsr.AsrService.Api.Live;
using FunAsr.AsrService.Api.Native;
using FunAsr.AsrService.Api.OpenAi;
using FunAsr.AsrService.Api.Uploads;
using Scalar.AspNetCore;

namespace FunAsr.AsrService.Api;

public static class AsrApi
{
    /// <summary>
    /// The OpenAI-compatible <c>/v1</c> group, the native <c>/api/asr</c> group, the OpenAPI document and its reference UI,
    /// behind the middleware they need: failures rendered in each group's dialect, WebSockets, uploads read under limits.
    /// </summary>
    public static WebApplication MapAsrApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseMiddleware<UploadFormReader>();
        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("FunAsr speech recognition API"));
        app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
        app.MapOpenAiApi().AddEndpointFilter<RequestCounter>();
        var asr = app.MapGroup("/api/asr").WithTags("ASR").AddEndpointFilter<RequestCounter>();
        asr.MapModelStatus();
        asr.MapTranscriptionEndpoints();
        asr.MapJobEndpoints();
        asr.MapRecordingEndpoints();
        asr.MapSubtitleEndpoints();
        asr.MapLiveCaptions();
        return app;
    }
}
