using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Learning.Api;

/// <summary>The routes under <c>/api/learning</c>; every one needs the gateway's token, some a role above employee.</summary>
public static class LearningApi
{
    public static IEndpointRouteBuilder MapLearningApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/learning").WithTags("Learning");
        api.MapGet("/about", About);
        return app;
    }

    /// <summary>Who the service thinks is asking, and the record version it speaks.</summary>
    public static Ok<AboutResponse> About(HttpContext context)
    {
        var caller = Caller.From(context.User)!;
        return TypedResults.Ok(new AboutResponse("FunAsr.Learning", "1.0.3", caller.Subject, caller.Role));
    }
}

public sealed record AboutResponse(string Service, string XApiVersion, string Subject, string Role);
