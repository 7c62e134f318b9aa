using FunAsr.QaBot.Access;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Compliance;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Ingest;
using FunAsr.QaBot.Learning;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Notes;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using FunAsr.QaBot.Telemetry;
using FunAsr.Security.InternalTokens;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Extensions;

/// <summary>The service's one composition root: options, the knowledge base's parts, and the endpoints over them.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        // A Redis outage is a 503 with Retry-After, never a 500.
        services.AddExceptionHandler<FunAsr.Messaging.RedisOutageExceptionHandler>();
        services.AddOpenApi();

        services.AddOptions<QaBotOptions>()
            .Bind(builder.Configuration.GetSection(QaBotOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<QaBotOptions>, QaBotOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<QaTelemetry>();

        // Only the gateway's signed requests are answered; each endpoint names its least role (docs/security.md).
        services.AddInternalAuthentication();
        services.AddSingleton<ReadableLectures>();
        builder.AddQaRedis();
        services.AddComplianceScanning();
        services.AddRetrieval();
        services.AddAnswering();
        services.AddNotes();
        services.AddLearningEvents();
        services.AddSingleton<LectureIngestor>();
        services.AddTranscriptIngest();
        services.AddLectureEditing();
        return builder;
    }

    /// <summary>The request pipeline before any endpoint reads a body: errors as problem details, then the gateway's token.</summary>
    public static WebApplication UseQaPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseInternalAuthentication();
        return app;
    }

    public static WebApplication MapQaApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapGet("/", () => Results.Text("FunAsr.QaBot"));
        app.MapLectureEndpoints();
        app.MapComplianceEndpoints();
        app.MapClearTextEndpoints();
        app.MapAskEndpoints();
        app.MapNotesEndpoints();
        app.MapLearningFeedEndpoints();
        return app;
    }
}
