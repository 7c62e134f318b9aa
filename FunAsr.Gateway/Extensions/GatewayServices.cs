using FunAsr.Data.Accounts;
using FunAsr.Gateway.Accounts;
using FunAsr.Gateway.Api;
using FunAsr.Gateway.Audit;
using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Proxy;
using FunAsr.Gateway.Security;
using FunAsr.Gateway.Security.Limits;
using FunAsr.Gateway.Telemetry;
using FunAsr.Security.InternalTokens;
using FunAsr.Security.Limits;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using Yarp.ReverseProxy.Transforms.Builder;

namespace FunAsr.Gateway.Extensions;

/// <summary>The gateway's composition root: settings, accounts, authentication, limits, audit, the proxy, and the order they run in.</summary>
public static class GatewayServices
{
    private const string CorsPolicy = "configured-origins";
    private const string RedisConnectionName = "cache";

    private static readonly Lazy<string> EphemeralSigningKey = new(() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource("Yarp.ReverseProxy").AddSource(GatewayMetrics.Name));
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>();
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<GatewayOptions>>((kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.Limits.MaxBodyBytes);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayMetrics>();
        services.AddHttpContextAccessor();

        builder.AddAccountsDatabase();
        var accounts = builder.Configuration.GetSection(AccountOptions.SectionName).Get<AccountOptions>() ?? new AccountOptions();
        services.AddGatewayAuthentication(accounts);
        services.AddScoped<AccountDirectory>();
        services.AddScoped<ExternalSignIn>();
        services.AddScoped<AuditTrail>();
        services.AddHostedService<BootstrapAdminSeeder>();

        services.AddInternalTokenOptions();
        // Until a deployment supplies InternalAuth:SigningKey, the gateway signs with a key of its own; services that
        // verify tokens need the same key, so they refuse its tokens and the start-up warning says why.
        services.PostConfigure<InternalTokenOptions>(token =>
        {
            if (string.IsNullOrEmpty(token.SigningKey))
            {
                token.SigningKey = EphemeralSigningKey.Value;
            }
        });
        services.AddSingleton<InternalTokenIssuer>();
        services.AddSingleton<ITransformProvider, InternalTokenTransform>();
        if (builder.Configuration.GetConnectionString(RedisConnectionName) is { Length: > 0 } redis)
        {
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var configuration = ConfigurationOptions.Parse(redis);
                configuration.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(configuration);
            });
        }
        services.AddLimitStore();
        services.AddSingleton<SignInThrottle>();

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<GatewayOptions>>((cors, gateway) => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(gateway.Value.CorsOrigins)
                .AllowAnyMethod()
                .WithHeaders("Authorization", ApiKeyAuthenticationHandler.HeaderName, "Content-Type", RequestIdMiddleware.HeaderName)
                .WithExposedHeaders(RequestIdMiddleware.HeaderName, "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy")));
        services.AddGatewayProxy(builder.Configuration);
        return builder;
    }

    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        var gateway = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FunAsr.Gateway");
        if (string.IsNullOrEmpty(app.Configuration[$"{InternalTokenOptions.SectionName}:SigningKey"]))
        {
            logger.LogWarning("InternalAuth:SigningKey is not set: the gateway signs with a key of its own, which services behind it will not accept. Set InternalAuth__SigningKey in the gateway and every service.");
        }
        if (app.Services.GetService<IConnectionMultiplexer>() is null)
        {
            logger.LogWarning("No Redis connection (ConnectionStrings:cache): cost limits are counted in this process only and do not hold across gateway replicas.");
        }
        if (ForwardedHeadersSetup.Configured(gateway))
        {
            // First, so the client address and scheme every later stage sees are the real ones.
            app.UseForwardedHeaders(ForwardedHeadersSetup.Options(gateway));
        }
        app.UseExceptionHandler();
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
        if (gateway.CorsOrigins.Length > 0)
        {
            app.UseCors(CorsPolicy);
        }
        app.UseMiddleware<SameOriginMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CostLimitMiddleware>();
        app.UseMiddleware<LectureDeletionAudit>();

        app.MapDefaultEndpoints();
        app.MapSessionEndpoints();
        app.MapAccountEndpoints();
        app.MapAdminEndpoints();
        app.MapGatewayProxy();
        return app;
    }
}
