using FunAsr.Data.Database;
using FunAsr.Learning.Compliance;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Events;
using FunAsr.Learning.Grading;
using FunAsr.Learning.Knowledge;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Mastery;
using FunAsr.Learning.Plans;
using FunAsr.Learning.Progress;
using FunAsr.Learning.Questions;
using FunAsr.Learning.Quizzes;
using FunAsr.Learning.Records;
using FunAsr.Learning.Reports;
using FunAsr.Learning.Telemetry;
using FunAsr.Security.InternalTokens;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FunAsr.Learning.Extensions;

/// <summary>The learning service's composition root: options, its database, the gateway's internal token, clients of the other services, and the pipeline.</summary>
public static class LearningServices
{
    /// <summary>Service-discovery names of the services the learning layer calls.</summary>
    public const string QaBotAddress = "http://qabot";
    public const string AsrAddress = "http://asr";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LearningOptions>().BindConfiguration(LearningOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LearningOptions>, LearningOptionsValidator>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<LearningExceptionHandler>();
        services.AddOpenApi();
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddInternalAuthentication();
        services.AddSingleton<LearningTelemetry>();
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(LearningTelemetry.Name));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(LearningTelemetry.Name));

        builder.AddFunAsrDbContext<LearningDbContext, SqliteLearningDbContext, PostgreSqlLearningDbContext>(LearningDbContext.SchemaName);

        services.AddHttpClient(LectureFeed.ClientName, http => http.BaseAddress = new Uri(QaBotAddress));
        services.AddTransient<LectureFeed>();
        services.AddHttpClient<VoiceTranscriber>(http =>
        {
            http.BaseAddress = new Uri(AsrAddress);
            http.Timeout = TimeSpan.FromMinutes(2);
        });
        // The LRS gets its own retries and back-off (the outbox); the shared resilience pipeline would retry inside them.
#pragma warning disable EXTEXP0001 // the documented way to opt one client out of ConfigureHttpClientDefaults' handler
        services.AddHttpClient(LrsForwarder.HttpClientName).RemoveAllResilienceHandlers();
        // The freshness look before a quiz is one quick attempt: retrying it would hold up the quiz it is meant to improve.
        services.AddHttpClient(LectureFeed.QuickClientName, (provider, http) =>
        {
            http.BaseAddress = new Uri(QaBotAddress);
            http.Timeout = provider.GetRequiredService<IOptions<LearningOptions>>().Value.Quiz.FreshnessTimeout;
        }).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddSingleton<QuizGenerator>();
        services.AddSingleton<QuestionWriter>();
        services.AddSingleton<AnswerMatcher>();
        services.AddSingleton<ItemGrader>();
        services.AddSingleton<StatementFactory>();
        services.AddSingleton<LearningRecords>();
        services.AddScoped<StatementStore>();
        services.AddScoped<PrerequisiteSuggester>();
        services.AddScoped<KnowledgeIndexer>();
        services.AddScoped<KnowledgeGraph>();
        services.AddScoped<QuizService>();
        services.AddScoped<AttemptService>();
        services.AddScoped<LearnerDirectory>();
        services.AddScoped<MasteryTracker>();
        services.AddScoped<MasteryQueries>();
        services.AddScoped<PlanBuilder>();
        services.AddScoped<ProgressService>();
        services.AddScoped<QuestionRecorder>();
        services.AddScoped<ReportService>();
        services.AddSingleton<LectureEventHandler>();
        services.AddSingleton<QuestionEventHandler>();
        builder.AddLearningEvents();
        services.AddSingleton<LrsForwarder>();
        services.AddHostedService(sp => sp.GetRequiredService<LrsForwarder>());
        builder.AddCompliance();
        return builder;
    }

    public static WebApplication UseLearningPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseInternalAuthentication();
        return app;
    }
}
