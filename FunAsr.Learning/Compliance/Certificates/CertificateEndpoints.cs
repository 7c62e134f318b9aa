using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Certificates;

/// <summary>
/// The certificate PDF (its holder or an admin), and the public check its QR code opens: <c>/verify/{id}</c> (a page)
/// and <c>/api/compliance/certificates/{id}/verify</c> (JSON), both without sign-in and showing validity, course and date only.
/// </summary>
public static class CertificateEndpoints
{
    public static RouteGroupBuilder MapCertificateEndpoints(this RouteGroupBuilder compliance, IEndpointRouteBuilder root)
    {
        compliance.MapGet("/certificates/{id}/pdf", PdfAsync);
        compliance.MapGet("/certificates/{id}/verify", VerifyAsync).AllowAnonymous();
        root.MapGet("/verify/{id}", PageAsync).AllowAnonymous().WithTags("Compliance");
        return compliance;
    }

    private static async Task<FileContentHttpResult> PdfAsync(string id, CertificateService certificates, HttpContext context,
        IOptionsMonitor<ComplianceOptions> options, CancellationToken cancellationToken)
    {
        var pdf = await certificates.PdfAsync(id, Caller.From(context.User)!, PublicBase(context, options.CurrentValue), cancellationToken);
        return TypedResults.File(pdf, "application/pdf", $"certificate-{id}.pdf");
    }

    private static async Task<Ok<CertificateCheck>> VerifyAsync(string id, CertificateService certificates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await certificates.CheckAsync(id, cancellationToken));

    private static async Task<ContentHttpResult> PageAsync(string id, CertificateService certificates, HttpContext context, CancellationToken cancellationToken)
    {
        var check = await certificates.CheckAsync(id, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Content-Security-Policy"] = VerificationPage.ContentSecurityPolicy;
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Content(VerificationPage.Render(check), "text/html; charset=utf-8",
            statusCode: check.Status == CertificateCheck.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    /// <summary>
    /// The address people reach the platform at: <c>Compliance:Certificates:PublicBaseUrl</c>, else the host the gateway
    /// was called on (it forwards X-Forwarded-Proto/Host, and only the gateway's requests get this far).
    /// </summary>
    public static Uri PublicBase(HttpContext context, ComplianceOptions options)
    {
        if (options.Certificates.PublicBaseUrl is { } configured)
        {
            return configured;
        }
        var scheme = context.Request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim();
        var host = context.Request.Headers["X-Forwarded-Host"].ToString().Split(',')[0].Trim();
        return new Uri($"{(scheme is "http" or "https" ? scheme : context.Request.Scheme)}://{(host.Length > 0 ? host : context.Request.Host.Value)}/");
    }
}
