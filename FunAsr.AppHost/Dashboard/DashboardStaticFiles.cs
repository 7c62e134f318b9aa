using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FunAsr.AppHost.Dashboard;

/// <summary>The dashboard's HTML, CSS and JavaScript, embedded in the AppHost assembly so it needs no files on disk and no CDN.</summary>
internal static class DashboardStaticFiles
{
    private const string Prefix = "dashboard/";
    private static readonly Assembly Assembly = typeof(DashboardStaticFiles).Assembly;
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static void MapDashboardFiles(this IEndpointRouteBuilder endpoints, string host)
    {
        var files = Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(n => n[Prefix.Length..].Replace('\\', '/'), n => n, StringComparer.Ordinal);

        foreach (var (path, resource) in files)
        {
            var route = path == "index.html" ? "/" : "/" + path;
            var contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            endpoints.MapGet(route, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Stream(Assembly.GetManifestResourceStream(resource)!, contentType);
            }).RequireHost(host);
        }
    }
}
