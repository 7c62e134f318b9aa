using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FunAsr.AppHost.Dashboard;

/// <summary>
/// The dashboard's browser login as Aspire does it: <c>/login?t=TOKEN</c> sets a cookie and redirects to the pages;
/// the API also takes <c>Authorization: Bearer TOKEN</c>. Everything else on the dashboard port answers 401.
/// </summary>
internal static class DashboardAuthentication
{
    public const string CookieName = "funasr-dashboard";

    public static IApplicationBuilder UseDashboardAuthentication(this IApplicationBuilder app, int dashboardPort, string token)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        bool Matches(string? candidate) =>
            candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), expected);

        return app.Use(async (context, next) =>
        {
            if (context.Connection.LocalPort != dashboardPort)
            {
                await next(context);
                return;
            }
            if (context.Request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase))
            {
                if (Matches(context.Request.Query["t"]))
                {
                    context.Response.Cookies.Append(CookieName, token, new CookieOptions
                    {
                        HttpOnly = true,
                        SameSite = SameSiteMode.Strict,
                        IsEssential = true,
                        MaxAge = TimeSpan.FromDays(1),
                    });
                    context.Response.Redirect("/");
                    return;
                }
                await Unauthorized(context, "The login token is wrong or missing: open the dashboard link the AppHost printed at start.");
                return;
            }
            var header = context.Request.Headers.Authorization.ToString();
            var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            if (Matches(context.Request.Cookies[CookieName]) || Matches(bearer))
            {
                await next(context);
                return;
            }
            await Unauthorized(context, "Sign in with the dashboard link the AppHost printed at start (/login?t=…).");
        });
    }

    private static async Task Unauthorized(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Dashboard login required", detail: detail).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FunAsr dashboard – sign in</title></head>" +
            $"<body><h1>Sign in required</h1><p>{System.Net.WebUtility.HtmlEncode(detail)}</p></body></html>");
    }
}
