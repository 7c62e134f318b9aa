using System.Buffers.Binary;
using Microsoft.Extensions.Options;
using PdfSharp.Fonts;

namespace FunAsr.Learning.Compliance.Documents;

/// <summary>
/// PDFsharp's font source: one CJK-capable font from <see cref="ComplianceOptions.PdfFonts"/> (Chinese names and
/// excerpts must print), the first face taken out of a TrueType collection (.ttc), which PDFsharp cannot read itself.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "FunAsr";

    private readonly Lazy<byte[]> _font;

    public PdfFonts(IOptions<ComplianceOptions> options) => _font = new(() => Load(options.Value.PdfFonts));

    /// <summary>Installs this resolver for the process (PDFsharp has one global resolver); later calls keep the first.</summary>
    public void Install()
    {
        lock (typeof(GlobalFontSettings))
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = this;
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        // One face for everything; bold is simulated, which PDF viewers render well enough for headings.
        new(Family, bold, italic);

    public byte[] GetFont(string faceName) => _font.Value;

    private static byte[] Load(IEnumerable<string> candidates)
    {
        foreach (var path in candidates)
        {
            if (File.Exists(path))
            {
                return FirstFace(File.ReadAllBytes(path));
            }
        }
        throw new InvalidOperationException(
            $"No font for PDFs: none of {string.Join(", ", candidates)} exists. Install fonts-wqy-microhei (Debian) or set Compliance:PdfFonts to a CJK TrueType font.");
    }

    /// <summary>A collection's first font rewritten as a standalone TrueType file; any other font as it is.</summary>
    public static byte[] FirstFace(byte[] file)
    {
        // 'ttcf' header: tag, version, count, then the offset of each font's table directory (OpenType spec, "TTC Header").
        if (file.Length < 16 || BinaryPrimitives.ReadUInt32BigEndian(file) != 0x74746366)
        {
            return file;
        }
        var directory = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12));
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(directory + 4));
        var headerLength = 12 + 16 * tableCount;
        var tables = new (int Offset, int Length)[tableCount];
        for (var i = 0; i < tableCount; i++)
        {
            var record = directory + 12 + 16 * i;
            tables[i] = ((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(record + 8)), (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(record + 12)));
        }
        var output = new byte[headerLength + tables.Sum(t => (t.Length + 3) & ~3)];
        file.AsSpan(directory, headerLength).CopyTo(output);
        var at = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            file.AsSpan(tables[i].Offset, tables[i].Length).CopyTo(output.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(12 + 16 * i + 8), (uint)at);
            at += (tables[i].Length + 3) & ~3;
        }
        return output;
    }
}
