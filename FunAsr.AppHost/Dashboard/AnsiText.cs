using System.Text.RegularExpressions;

namespace FunAsr.AppHost.Dashboard;

internal static partial class AnsiText
{
    /// <summary>Removes ANSI escape sequences (colours, cursor moves) that children print with ANSI redirection on.</summary>
    public static string Strip(string text) => text.Contains('\u001b') ? Escape().Replace(text, "") : text;

    // CSI sequences (ESC [ … final byte) and two-character escapes; ECMA-48 section 5.4.
    [GeneratedRegex(@"\u001b(\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")]
    private static partial Regex Escape();
}
