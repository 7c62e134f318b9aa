using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace FunAsr.Learning.Compliance.Documents;

/// <summary>
/// A small flowing layout on PDFsharp: headings, wrapped paragraphs and tables that continue on new pages with their
/// header repeated, page numbers, and QR codes drawn as vector squares (no image decoder needed).
/// </summary>
public sealed class PdfWriter : IDisposable
{
    private const double Margin = 48;
    private readonly PdfDocument _document = new();
    private readonly string _footer;
    private PdfPage _page = null!;
    private XGraphics _graphics = null!;
    private double _y;

    public PdfWriter(string title, string footer)
    {
        _document.Info.Title = title;
        _document.Info.Creator = "FunAsr compliance";
        _footer = footer;
        NewPage();
    }

    public XGraphics Graphics => _graphics;

    public double Width => _page.Width.Point - 2 * Margin;

    public double Left => Margin;

    public double Y { get => _y; set => _y = value; }

    public static XFont Font(double size, bool bold = false) => new(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    public void Heading(string text, double size = 16)
    {
        Ensure(size * 2.2);
        _y += size * 0.6;
        _graphics.DrawString(text, Font(size, bold: true), XBrushes.Black, new XRect(Margin, _y, Width, size * 1.4), XStringFormats.TopLeft);
        _y += size * 1.6;
    }

    public void Paragraph(string text, double size = 10, XBrush? brush = null)
    {
        var font = Font(size);
        foreach (var line in Wrap(text, font, Width))
        {
            Ensure(size * 1.5);
            _graphics.DrawString(line, font, brush ?? XBrushes.Black, new XRect(Margin, _y, Width, size * 1.4), XStringFormats.TopLeft);
            _y += size * 1.45;
        }
        _y += size * 0.4;
    }

    /// <summary>A table whose columns take <paramref name="widths"/> shares of the width; cells wrap, rows never split across pages.</summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<double> widths, IEnumerable<IReadOnlyList<string>> rows, double size = 8)
    {
        var font = Font(size);
        var bold = Font(size, bold: true);
        var columns = widths.Select(w => w / widths.Sum() * Width).ToArray();
        void Row(IReadOnlyList<string> cells, XFont cellFont, bool shade)
        {
            var lines = cells.Select((c, i) => Wrap(c, cellFont, columns[i] - 6)).ToArray();
            var height = lines.Max(l => Math.Max(1, l.Count)) * size * 1.35 + 4;
            if (Ensure(height) && !shade)
            {
                Row(header, bold, shade: true);
            }
            if (shade)
            {
                _graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 238, 242)), Margin, _y, Width, height);
            }
            var x = Margin;
            for (var i = 0; i < columns.Length; i++)
            {
                var lineY = _y + 2;
                foreach (var line in lines[i])
                {
                    _graphics.DrawString(line, cellFont, XBrushes.Black, new XRect(x + 3, lineY, columns[i] - 6, size * 1.3), XStringFormats.TopLeft);
                    lineY += size * 1.35;
                }
                x += columns[i];
            }
            _y += height;
            _graphics.DrawLine(new XPen(XColor.FromArgb(210, 214, 220), 0.5), Margin, _y, Margin + Width, _y);
        }
        Row(header, bold, shade: true);
        var any = false;
        foreach (var row in rows)
        {
            Row(row, font, shade: false);
            any = true;
        }
        if (!any)
        {
            Paragraph("—", size);
        }
        _y += size;
    }

    /// <summary>A QR code of <paramref name="text"/>, <paramref name="size"/> points square, at the given place on this page.</summary>
    public void QrCode(string text, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules.Count; column++)
            {
                if (modules[row][column])
                {
                    // A hair wider than the cell, so viewers draw no gaps between neighbouring squares.
                    _graphics.DrawRectangle(XBrushes.Black, x + column * cell, y + row * cell, cell + 0.05, cell + 0.05);
                }
            }
        }
    }

    public byte[] Finish()
    {
        DrawFooter();
        _graphics.Dispose();
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    /// <summary>Starts a new page when less than <paramref name="height"/> is left on this one; true when it did.</summary>
    public bool Ensure(double height)
    {
        if (_y + height <= _page.Height.Point - Margin)
        {
            return false;
        }
        DrawFooter();
        _graphics.Dispose();
        NewPage();
        return true;
    }

    private void NewPage()
    {
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private void DrawFooter()
    {
        var text = $"{_footer} · {_document.PageCount}";
        _graphics.DrawString(text, Font(7), XBrushes.Gray, new XRect(Margin, _page.Height.Point - Margin + 14, Width, 10), XStringFormats.TopLeft);
    }

    /// <summary>Lines of at most <paramref name="width"/> points: Latin breaks at spaces, CJK between any two characters.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r", "").Split('\n'))
        {
            var line = "";
            var i = 0;
            while (i < paragraph.Length)
            {
                // The next unit: a CJK character, or a run of non-space characters with the spaces before it.
                var end = i;
                if (FunAsr.Text.Scripts.TextScript.IsCjk(paragraph[i]))
                {
                    end = i + 1;
                }
                else
                {
                    while (end < paragraph.Length && paragraph[end] == ' ') end++;
                    while (end < paragraph.Length && paragraph[end] != ' ' && !FunAsr.Text.Scripts.TextScript.IsCjk(paragraph[end])) end++;
                }
                var unit = paragraph[i..end];
                if (line.Length > 0 && _graphics.MeasureString(line + unit, font).Width > width)
                {
                    lines.Add(line);
                    line = unit.TrimStart();
                }
                else
                {
                    line += unit;
                }
                // A single unit wider than the line (a long URL) is cut where it overflows.
                while (line.Length > 1 && _graphics.MeasureString(line, font).Width > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && _graphics.MeasureString(line[..cut], font).Width > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
                i = end;
            }
            lines.Add(line);
        }
        return lines;
    }
}
