using System.Globalization;
using FunAsr.AsrService.Api.OpenAi;
using FunAsr.AsrService.Api.Telemetry;

namespace FunAsr.AsrService.Api;

/// <summary>Catches pipeline failures once per group and renders them in the group's error dialect; also counts requests.</summary>
public abstract class ErrorFilter(AsrTelemetry telemetry, ILogger logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint()?.DisplayName ?? http.Request.Path.Value ?? "?";
        try
        {
            var result = await next(context);
            telemetry.RequestFinished(endpoint, "ok");
            return result;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            telemetry.RequestFinished(endpoint, "aborted");
            return Results.Empty;
        }
        catch (Exception ex)
        {
            var error = ApiErrorMapper.TryMap(ex);
            if (error is null)
            {
                logger.LogError(ex, "Unhandled failure in {Endpoint}", endpoint);
                error = new ApiError(StatusCodes.Status500InternalServerError, "internal_error",
                    $"The server failed to process the request ({ex.GetType().Name}); see the service log, trace id {http.TraceIdentifier}.");
            }
            else if (error.Status >= 500)
            {
                logger.LogWarning("{Endpoint} answered {Status}: {Message}", endpoint, error.Status, error.Message);
            }
            telemetry.RequestFinished(endpoint, error.Status.ToString(CultureInfo.InvariantCulture));
            if (error.RetryAfter is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            return Render(error);
        }
    }

    protected abstract IResult Render(ApiError error);
}

/// <summary>OpenAI's <c>{"error":{message,type,param,code}}</c>, which the OpenAI SDKs turn into typed exceptions.</summary>
public sealed class OpenAiErrorFilter(AsrTelemetry telemetry, ILogger<OpenAiErrorFilter> logger) : ErrorFilter(telemetry, logger)
{
    protected override IResult Render(ApiError error)
    {
        var type = error.Status switch
        {
            StatusCodes.Status429TooManyRequests => "rate_limit_error",
            >= 500 => "server_error",
            _ => "invalid_request_error",
        };
        return Results.Json(new OpenAiErrorBody(new OpenAiErrorDetail(error.Message, type, error.Param, error.Code)), statusCode: error.Status);
    }
}

/// <summary>RFC 7807 problem details with the machine-readable code and the parameter at fault as extensions.</summary>
public sealed class ProblemErrorFilter(AsrTelemetry telemetry, ILogger<ProblemErrorFilter> logger) : ErrorFilter(telemetry, logger)
{
    protected override IResult Render(ApiError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Param is not null)
        {
            extensions["param"] = error.Param;
        }
        return TypedResults.Problem(error.Message, statusCode: error.Status, extensions: extensions);
    }
}
