using System.Diagnostics;

namespace FunAsr.Tests.Compliance;

/// <summary>The text of a PDF as poppler's <c>pdftotext</c> reads it (Debian poppler-utils, installed by scripts/setup-debian.sh).</summary>
public static class PdfText
{
    /// <summary>Keeps a copy in the test output's artifacts/ folder, to render and look at (pdftoppm -png).</summary>
    public static void Keep(string name, byte[] pdf)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), pdf);
    }

    public static string Extract(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"funasr-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("pdftotext did not start");
            var text = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? text : throw new InvalidOperationException($"pdftotext failed: {error}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("pdftotext is not installed: bash scripts/setup-debian.sh installs poppler-utils.");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
