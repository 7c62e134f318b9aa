using System.Text.Json;
using FunAsr.AsrService.Api.OpenAi;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Errors;

/// <summary>
/// Writes every problem on the <c>/v1</c> routes as OpenAI's <c>{"error":{message,type,param,code}}</c>, which the
/// OpenAI SDKs turn into typed exceptions; registered before the default writer, which keeps every other route.
/// </summary>
public sealed class OpenAiProblemWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/v1");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var status = problem.Status.Value;
        var type = status switch
        {
            StatusCodes.Status429TooManyRequests => "rate_limit_error",
            >= 500 => "server_error",
            _ => "invalid_request_error",
        };
        var body = new OpenAiErrorBody(new OpenAiErrorDetail(
            problem.Detail ?? problem.Title ?? "The request failed.",
            type,
            problem.Extensions.TryGetValue("param", out var param) ? param?.ToString() : null,
            problem.Extensions.TryGetValue("code", out var code) ? code?.ToString() : Code(status)));
        var response = context.HttpContext.Response;
        response.ContentType = "application/json; charset=utf-8";
        return new ValueTask(JsonSerializer.SerializeAsync(response.Body, body, json.Value.SerializerOptions, context.HttpContext.RequestAborted));
    }

    // What a bare status (from routing or binding) means, for clients that switch on the code.
    private static string Code(int status) => status switch
    {
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status415UnsupportedMediaType => "invalid_content_type",
        >= 500 => "internal_error",
        _ => "bad_request",
    };
}
