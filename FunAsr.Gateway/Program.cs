using FunAsr.Gateway.Api;
using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Proxy;
using FunAsr.Gateway.Security;
using FunAsr.Gateway.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace FunAsr.Gateway;

public sealed class Program
{
    private const string CorsPolicy = "configured-origins";

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource("Yarp.ReverseProxy"));

        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<GatewayOptions>>((kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.Limits.MaxBodyBytes);

        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier);
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.SchemeName, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        builder.Services.AddKeyRateLimiting();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<GatewayOptions>>((cors, gateway) => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(gateway.Value.CorsOrigins)
                .AllowAnyMethod()
                .WithHeaders("Authorization", ApiKeyAuthenticationHandler.HeaderName, "Content-Type", RequestIdMiddleware.HeaderName)
                .WithExposedHeaders(RequestIdMiddleware.HeaderName, "Retry-After")));
        builder.Services.AddGatewayProxy(builder.Configuration);

        var app = builder.Build();
        var httpsEnabled = HttpsConfiguration.CertificateConfigured(app.Configuration);
        if (httpsEnabled && !app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        if (httpsEnabled)
        {
            app.UseHttpsRedirection();
        }
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // The page is small and changes with each deployment; revalidate instead of caching stale modules.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.UseRouting();
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.CorsOrigins.Length > 0)
        {
            app.UseCors(CorsPolicy);
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapDefaultEndpoints();
        app.MapSessionEndpoints();
        app.MapGatewayProxy();
        await app.RunAsync();
    }
}
