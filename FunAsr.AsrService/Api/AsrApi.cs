using FunAsr.AsrService.Api.Live;
using FunAsr.AsrService.Api.Native;
using FunAsr.AsrService.Api.OpenAi;
using FunAsr.AsrService.Api.Uploads;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using Scalar.AspNetCore;

namespace FunAsr.AsrService.Api;

public static class AsrApi
{
    /// <summary>
    /// The OpenAI-compatible <c>/v1</c> group, the native <c>/api/asr</c> group, the OpenAPI document and its reference UI,
    /// behind the middleware they need: failures rendered in each group's dialect, WebSockets, the gateway's token checked
    /// (before any upload is read), uploads read under limits. Every endpoint needs a signed-in caller (employee or above,
    /// more where it says so) except the model status, which the sign-in screen shows (any gateway-signed request); only
    /// the health probes answer without the gateway's token.
    /// </summary>
    public static WebApplication MapAsrApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseInternalAuthentication();
        app.UseMiddleware<UploadFormReader>();
        app.MapOpenApi();
        app.MapGroup("").WithoutAnonymousAccess().MapScalarApiReference(options => options.WithTitle("FunAsr speech recognition API"));
        app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
        app.MapOpenAiApi().RequireRole(Roles.Employee).AddEndpointFilter<RequestCounter>();
        var api = app.MapGroup("/api/asr").WithTags("ASR").AddEndpointFilter<RequestCounter>();
        api.MapModelStatus().RequireGatewayToken();
        var asr = api.MapGroup("").RequireRole(Roles.Employee);
        asr.MapTranscriptionEndpoints();
        asr.MapJobEndpoints();
        asr.MapRecordingEndpoints();
        asr.MapSubtitleEndpoints();
        asr.MapLiveCaptions();
        return app;
    }
}
