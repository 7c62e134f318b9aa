using System.Globalization;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.Documents;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using PdfSharp.Drawing;

namespace FunAsr.Learning.Compliance.Certificates;

/// <summary>What the public verification page shows, and nothing more: whether it is valid, the course, the date.</summary>
public sealed record CertificateCheck(string CertificateId, string Status, string? Course, DateTime? CompletedAt, DateTime? ValidUntil)
{
    public const string Valid = "valid";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
    public const string Unknown = "unknown";
}

/// <summary>The certificate PDF of a completion (with a QR code opening its verification page) and the check behind that page.</summary>
public sealed class CertificateService(ComplianceDbContext db, PdfFonts fonts, TimeProvider time)
{
    public async Task<CertificateCheck> CheckAsync(string certificateId, CancellationToken cancellationToken)
    {
        var completion = certificateId.Length is > 0 and <= 40
            ? await db.Completions.AsNoTracking().SingleOrDefaultAsync(c => c.CertificateId == certificateId, cancellationToken)
            : null;
        if (completion is null)
        {
            return new CertificateCheck(certificateId, CertificateCheck.Unknown, null, null, null);
        }
        var status = completion.RevokedAt is not null ? CertificateCheck.Revoked
            : completion.ValidUntil is { } until && until <= time.GetUtcNow().UtcDateTime ? CertificateCheck.Expired
            : CertificateCheck.Valid;
        return new CertificateCheck(certificateId, status, completion.CourseTitle, completion.CompletedAt.Date, completion.ValidUntil?.Date);
    }

    /// <summary>The PDF, for the person it was issued to or an admin.</summary>
    public async Task<byte[]> PdfAsync(string certificateId, Caller caller, Uri verifyBase, CancellationToken cancellationToken)
    {
        var completion = await db.Completions.AsNoTracking().SingleOrDefaultAsync(c => c.CertificateId == certificateId, cancellationToken);
        if (completion is null || (completion.PersonId != caller.Subject && !caller.IsAdmin))
        {
            throw new ComplianceNotFoundException($"Certificate {certificateId}");
        }
        var attestation = await db.Attestations.AsNoTracking().SingleAsync(a => a.Id == completion.AttestationId, cancellationToken);
        var watched = await db.Assignments.AsNoTracking().Where(a => a.Id == completion.AssignmentId).Select(a => a.LectureId != null).SingleAsync(cancellationToken);
        return Render(completion, attestation, watched, VerifyUrl(verifyBase, certificateId));
    }

    public static Uri VerifyUrl(Uri verifyBase, string certificateId) => new(verifyBase, $"/verify/{Uri.EscapeDataString(certificateId)}");

    private byte[] Render(Completion completion, Attestation attestation, bool watched, Uri verifyUrl)
    {
        fonts.Install();
        using var pdf = new PdfWriter($"Certificate {completion.CertificateId}", $"Certificate {completion.CertificateId}");
        var g = pdf.Graphics;
        var accent = XColor.FromArgb(31, 78, 121);
        g.DrawRectangle(new XPen(accent, 2.5), 20, 20, g.PageSize.Width - 40, g.PageSize.Height - 40);
        pdf.Y = 90;
        pdf.Heading("Certificate of completion · 培训合格证书", 22);
        pdf.Y += 10;
        pdf.Paragraph("This certifies that · 兹证明", 11, XBrushes.Gray);
        pdf.Heading(completion.PersonName, 20);
        pdf.Paragraph("completed the mandatory course · 已完成必修课程", 11, XBrushes.Gray);
        pdf.Heading(completion.CourseTitle, 16);
        pdf.Y += 6;
        var lines = new List<string>
        {
            $"Completed · 完成日期: {completion.CompletedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}",
            $"Valid until · 有效期至: {completion.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no expiry · 长期有效"}",
            (watched ? $"Watched · 观看比例: {completion.WatchedShare.ToString("P0", CultureInfo.InvariantCulture)}   " : "") +
            (completion.QuizScore is { } score ? $"Quiz score · 测验成绩: {score.ToString("P0", CultureInfo.InvariantCulture)}" : ""),
        };
        foreach (var line in lines)
        {
            pdf.Paragraph(line, 11);
        }
        pdf.Y += 8;
        pdf.Paragraph("Attestation · 声明", 10, new XSolidBrush(accent));
        pdf.Paragraph($"“{attestation.Text}”", 10);
        pdf.Paragraph($"Attested by {attestation.PersonName} at {attestation.At.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)} " +
                      $"after re-authenticating by {attestation.AuthMethod} at {attestation.AuthenticatedAt.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}; " +
                      $"text SHA-256 {attestation.TextHash[..16]}…", 8, XBrushes.Gray);
        const double qr = 130;
        var qrY = g.PageSize.Height - 80 - qr - 40;
        pdf.QrCode(verifyUrl.ToString(), pdf.Left, qrY, qr);
        g.DrawString("Scan to verify · 扫码验证", PdfWriter.Font(9), XBrushes.Gray, new XPoint(pdf.Left + qr + 16, qrY + 20));
        g.DrawString(verifyUrl.ToString(), PdfWriter.Font(8), XBrushes.Black, new XPoint(pdf.Left + qr + 16, qrY + 38));
        g.DrawString($"Certificate ID · 证书编号: {completion.CertificateId}", PdfWriter.Font(9, bold: true), XBrushes.Black, new XPoint(pdf.Left + qr + 16, qrY + 58));
        return pdf.Finish();
    }
}
