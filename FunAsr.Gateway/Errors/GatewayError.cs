using System.Text.Json;

namespace FunAsr.Gateway.Errors;

/// <summary>
/// Writes an error the gateway itself produces in the shape the caller expects:
/// the OpenAI error body on <c>/v1</c>, RFC 7807 problem details everywhere else.
/// </summary>
public static class GatewayError
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsOpenAiPath(HttpContext context) => context.Request.Path.StartsWithSegments("/v1");

    /// <param name="openAiType">OpenAI's <c>type</c> (e.g. <c>invalid_request_error</c>).</param>
    /// <param name="code">A stable machine code, used as OpenAI's <c>code</c> and as the problem's <c>code</c> extension.</param>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, string openAiType, string code)
    {
        context.Response.StatusCode = status;
        if (IsOpenAiPath(context))
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            var body = new { error = new { message = detail, type = openAiType, param = (string?)null, code } };
            await JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
            return;
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Detail = detail,
                Type = $"https://httpstatuses.io/{status}",
                Extensions = { ["code"] = code },
            },
        });
    }
}
