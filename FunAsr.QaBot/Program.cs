using FunAsr.QaBot.Access;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Compliance;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Ingest;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Notes;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using FunAsr.QaBot.Telemetry;
using FunAsr.Security.InternalTokens;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();

        builder.Services.AddOptions<QaBotOptions>()
            .Bind(builder.Configuration.GetSection(QaBotOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<QaBotOptions>, QaBotOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<QaTelemetry>();

        // Only the gateway's signed requests are answered; each endpoint names its least role (docs/security.md).
        builder.Services.AddInternalAuthentication();
        builder.Services.AddSingleton<ReadableLectures>();
        builder.AddQaRedis();
        builder.Services.AddComplianceScanning();
        builder.Services.AddRetrieval();
        builder.Services.AddAnswering();
        builder.Services.AddNotes();
        builder.Services.AddSingleton<LectureIngestor>();
        builder.Services.AddTranscriptIngest();
        builder.Services.AddLectureEditing();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseInternalAuthentication();
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        app.MapGet("/", () => Results.Text("FunAsr.QaBot"));
        app.MapLectureEndpoints();
        app.MapComplianceEndpoints();
        app.MapAskEndpoints();
        app.MapNotesEndpoints();
        await app.RunAsync();
    }
}
