using FunAsr.Data.Database;
using FunAsr.Learning.Compliance;
using FunAsr.Learning.Data;
using FunAsr.Security.InternalTokens;

namespace FunAsr.Learning.Extensions;

/// <summary>The learning service's composition root: its database, the gateway's internal token, and the pipeline.</summary>
public static class LearningServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier);
        services.AddOpenApi();
        services.AddSingleton(TimeProvider.System);
        services.AddInternalAuthentication();

        builder.AddFunAsrDbContext<LearningDbContext, SqliteLearningDbContext, PostgreSqlLearningDbContext>(LearningDbContext.SchemaName);
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
