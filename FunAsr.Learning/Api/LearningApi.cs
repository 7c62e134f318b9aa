using System.Security.Claims;
using FunAsr.Learning.Knowledge;
using FunAsr.Learning.Mastery;
using FunAsr.Learning.Quizzes;
using FunAsr.Learning.Records;
using FunAsr.Learning.Reports;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Learning.Api;

/// <summary>The routes under <c>/api/learning</c>; every one needs the gateway's token, some a role above employee.</summary>
public static class LearningApi
{
    public static IEndpointRouteBuilder MapLearningApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api/learning").WithTags("Learning");
        api.MapGet("/about", About);
        api.MapKnowledgeEndpoints();
        api.MapQuizEndpoints();
        api.MapLearnerEndpoints();
        api.MapRecordEndpoints();
        api.MapReportEndpoints();
        return app;
    }

    /// <summary>Who the service thinks is asking, and the record version it speaks.</summary>
    public static Ok<AboutResponse> About(ClaimsPrincipal user)
    {
        var caller = Caller.Of(user);
        return TypedResults.Ok(new AboutResponse("FunAsr.Learning", "1.0.3", caller.Subject, caller.Role));
    }
}

public sealed record AboutResponse(string Service, string XApiVersion, string Subject, string Role);
