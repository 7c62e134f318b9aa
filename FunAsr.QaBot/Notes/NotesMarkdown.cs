using System.Globalization;
using System.Text;

namespace FunAsr.QaBot.Notes;

/// <summary>Renders notes as CommonMark (GFM tables for chapters and the glossary), headings in the lecture's language, times as m:ss.</summary>
public static class NotesMarkdown
{
    public static string Render(LectureNotes notes, bool chinese)
    {
        string H(string en, string zh) => chinese ? zh : en;
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Inline(notes.Title)).AppendLine();
        md.Append("## ").AppendLine(H("Summary", "摘要")).AppendLine();
        if (notes.Chapters.Count > 0)
        {
            foreach (var chapter in notes.Chapters.Where(c => c.Summary.Length > 0))
            {
                md.Append("- **").Append(Inline(chapter.Title)).Append("** (").Append(Clock(chapter.Start)).Append(") ").AppendLine(Inline(chapter.Summary));
            }
        }
        else
        {
            md.AppendLine(Inline(notes.Summary));
        }
        md.AppendLine().Append("## ").AppendLine(H("Chapters", "章节")).AppendLine();
        md.AppendLine(H("| Start | Chapter |", "| 开始 | 章节 |")).AppendLine("| --- | --- |");
        foreach (var chapter in notes.Chapters)
        {
            md.Append("| ").Append(Clock(chapter.Start)).Append(" | ").Append(Cell(chapter.Title)).AppendLine(" |");
        }
        md.AppendLine().Append("## ").AppendLine(H("Key points", "要点")).AppendLine();
        foreach (var point in notes.KeyPoints)
        {
            md.Append("- ").Append(Inline(point.Text));
            if (point.Start is { } start)
            {
                md.Append(" (").Append(Clock(start)).Append(')');
            }
            md.AppendLine();
        }
        md.AppendLine().Append("## ").AppendLine(H("Glossary", "术语表")).AppendLine();
        md.AppendLine(H("| Term | Definition | Time |", "| 术语 | 释义 | 时间 |")).AppendLine("| --- | --- | --- |");
        foreach (var entry in notes.Glossary)
        {
            md.Append("| ").Append(Cell(entry.Term)).Append(" | ").Append(Cell(entry.Definition)).Append(" | ")
                .Append(entry.Start is { } s ? Clock(s) : "").AppendLine(" |");
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

    public static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Max(0, seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    // Transcript text must not turn into Markdown structure or HTML.
    private static string Inline(string text) => text.ReplaceLineEndings(" ")
        .Replace("\\", "\\\\").Replace("<", "&lt;").Replace("*", "\\*").Replace("_____", "\\_\\_\\_\\_\\_").Replace("`", "\\`");

    private static string Cell(string text) => Inline(text).Replace("|", "\\|");
}
