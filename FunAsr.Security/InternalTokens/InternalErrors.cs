using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FunAsr.Security.InternalTokens;

/// <summary>Refusals in the shape the caller expects: OpenAI's error body under /v1, RFC 7807 problem details elsewhere.</summary>
public static class InternalErrors
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, string code)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/v1"))
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            var type = status == StatusCodes.Status401Unauthorized ? "invalid_request_error" : "permission_error";
            await JsonSerializer.SerializeAsync(context.Response.Body,
                new { error = new { message = detail, type, param = (string?)null, code } }, Json, context.RequestAborted);
            return;
        }
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            type = $"https://httpstatuses.io/{status}",
            title,
            status,
            detail,
            code,
            requestId = context.TraceIdentifier,
        }, Json, context.RequestAborted);
    }
}
