using System.Globalization;
using System.Net;

namespace FunAsr.Learning.Compliance.Certificates;

/// <summary>The public page a certificate's QR code opens: a self-contained HTML page (no script), validity, course and date only.</summary>
public static class VerificationPage
{
    public static string Render(CertificateCheck check)
    {
        var (headline, colour, detail) = check.Status switch
        {
            CertificateCheck.Valid => ("Valid certificate · 证书有效", "#1b7f3b", check.ValidUntil is { } until ? $"Valid until {Day(until)} · 有效期至 {Day(until)}" : "No expiry · 长期有效"),
            CertificateCheck.Expired => ("Expired certificate · 证书已过期", "#9a6700", $"Expired on {Day(check.ValidUntil!.Value)} · 已于 {Day(check.ValidUntil!.Value)} 过期"),
            CertificateCheck.Revoked => ("Revoked certificate · 证书已撤销", "#b42318", "This certificate was revoked · 此证书已被撤销"),
            _ => ("Unknown certificate · 未找到证书", "#b42318", "No certificate has this number · 没有此编号的证书"),
        };
        var course = check.Course is null ? "" : $"<p class=\"course\">{WebUtility.HtmlEncode(check.Course)}</p>";
        var completed = check.CompletedAt is { } at ? $"<p>Completed on {Day(at)} · 完成于 {Day(at)}</p>" : "";
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(headline)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
            h1{color:{{colour}};font-size:1.5rem}.course{font-size:1.25rem;font-weight:600}.id{color:#59636e;font-size:.85rem}</style></head>
            <body><main><h1 id="status" data-status="{{check.Status}}">{{WebUtility.HtmlEncode(headline)}}</h1>{{course}}{{completed}}
            <p>{{WebUtility.HtmlEncode(detail)}}</p><p class="id">Certificate · 证书编号 {{WebUtility.HtmlEncode(check.CertificateId)}}</p></main></body></html>
            """;
    }

    private static string Day(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
