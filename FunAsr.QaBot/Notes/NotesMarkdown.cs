using System.Globalization;
using System.Text;

namespace FunAsr.QaBot.Notes;

/// <summary>Renders notes as CommonMark (GFM table for the glossary), headings in the lecture's language.</summary>
public static class NotesMarkdown
{
    public static string Render(LectureNotes notes, bool chinese)
    {
        string H(string en, string zh) => chinese ? zh : en;
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Inline(notes.Title)).AppendLine();
        md.Append("## ").AppendLine(H("Summary", "摘要")).AppendLine().AppendLine(Inline(notes.Summary)).AppendLine();
        md.Append("## ").AppendLine(H("Key points", "要点")).AppendLine();
        foreach (var point in notes.KeyPoints)
        {
            md.Append("- ").AppendLine(Inline(point));
        }
        md.AppendLine().Append("## ").AppendLine(H("Glossary", "术语表")).AppendLine();
        md.AppendLine(H("| Term | Definition |", "| 术语 | 释义 |")).AppendLine("| --- | --- |");
        foreach (var entry in notes.Glossary)
        {
            md.Append("| ").Append(Cell(entry.Term)).Append(" | ").Append(Cell(entry.Definition)).AppendLine(" |");
        }
        md.AppendLine().Append("## ").AppendLine(H("Action items", "待办事项")).AppendLine();
        foreach (var action in notes.ActionItems)
        {
            md.Append("- [ ] ").AppendLine(Inline(action));
        }
        md.AppendLine().Append("## ").AppendLine(H("Quiz", "测验")).AppendLine();
        var number = 1;
        foreach (var item in notes.Quiz)
        {
            md.Append(number++.ToString(CultureInfo.InvariantCulture)).Append(". ").AppendLine(Inline(item.Question));
            md.Append("   - ").Append(H("Answer: ", "答案：")).Append(Inline(item.Answer));
            if (item.Citation is { } c)
            {
                md.Append(" (").Append(Clock(c.Start)).Append('–').Append(Clock(c.End)).Append(')');
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Clock(double seconds) => TimeSpan.FromSeconds(seconds).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    // Transcript text must not turn into Markdown structure or HTML.
    private static string Inline(string text) => text.ReplaceLineEndings(" ")
        .Replace("\\", "\\\\").Replace("<", "&lt;").Replace("*", "\\*").Replace("_____", "\\_\\_\\_\\_\\_").Replace("`", "\\`");

    private static string Cell(string text) => Inline(text).Replace("|", "\\|");
}
