using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace FunAsr.Learning.Compliance.Certificates;

/// <summary>The public page a certificate's QR code opens: a self-contained HTML page (no script), validity, course and date only.</summary>
public static class VerificationPage
{
    // One fixed style sheet, so the page's policy can allow exactly it by its hash rather than any inline style.
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328}" +
        "h1{font-size:1.5rem}.valid{color:#1b7f3b}.expired{color:#9a6700}.refused{color:#b42318}" +
        ".course{font-size:1.25rem;font-weight:600}.id{color:#59636e;font-size:.85rem}";

    /// <summary>The Content-Security-Policy the page is served with: no script, nothing fetched, only its own style.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(CertificateCheck check)
    {
        var (headline, colour, detail) = check.Status switch
        {
            CertificateCheck.Valid => ("Valid certificate · 证书有效", "valid", check.ValidUntil is { } until ? $"Valid until {Day(until)} · 有效期至 {Day(until)}" : "No expiry · 长期有效"),
            CertificateCheck.Expired => ("Expired certificate · 证书已过期", "expired", $"Expired on {Day(check.ValidUntil!.Value)} · 已于 {Day(check.ValidUntil!.Value)} 过期"),
            CertificateCheck.Revoked => ("Revoked certificate · 证书已撤销", "refused", "This certificate was revoked · 此证书已被撤销"),
            _ => ("Unknown certificate · 未找到证书", "refused", "No certificate has this number · 没有此编号的证书"),
        };
        var course = check.Course is null ? "" : $"<p class=\"course\">{WebUtility.HtmlEncode(check.Course)}</p>";
        var completed = check.CompletedAt is { } at ? $"<p>Completed on {Day(at)} · 完成于 {Day(at)}</p>" : "";
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(headline)}}</title>
            <style>{{Style}}</style></head>
            <body><main><h1 id="status" class="{{colour}}" data-status="{{check.Status}}">{{WebUtility.HtmlEncode(headline)}}</h1>{{course}}{{completed}}
            <p>{{WebUtility.HtmlEncode(detail)}}</p><p class="id">Certificate · 证书编号 {{WebUtility.HtmlEncode(check.CertificateId)}}</p></main></body></html>
            """;
    }

    private static string Day(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
