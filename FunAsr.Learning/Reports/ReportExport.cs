using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;

namespace FunAsr.Learning.Reports;

/// <summary>The report as files for a spreadsheet: CSV per table (CsvHelper, RFC 4180) or one XLSX workbook with a sheet each (ClosedXML).</summary>
public static class ReportExport
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Csv<T>(IEnumerable<T> rows)
    {
        using var buffer = new MemoryStream();
        // A byte-order mark so spreadsheet programs read Chinese titles as UTF-8; fields a learner typed that start with
        // = + - @ are escaped so a spreadsheet shows them as text instead of running them as formulas.
        using (var csv = CsvWriter.Create(buffer, CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true))
        {
            csv.WriteRecords(rows);
        }
        return buffer.ToArray();
    }

    public static byte[] Xlsx(LearningReport report)
    {
        using var workbook = new XLWorkbook();
        Sheet(workbook, "Lectures", ["Department", "Lecture id", "Lecture", "Learners", "Started", "Completed", "Completion", "Average mastery", "Quiz takers", "Quiz pass rate", "Questions"],
            report.Lectures.Select(r => new object[] { r.Department, r.LectureId, r.Title, r.Learners, r.Started, r.Completed, r.CompletionRate, r.AverageMastery, r.QuizTakers, r.QuizPassRate, r.Questions }),
            percentColumns: [7, 8, 10]);
        Sheet(workbook, "Questions", ["Department", "Question", "Asked", "Askers", "Answer", "Answered share", "Last asked"],
            report.Questions.Select(q => new object[] { q.Department, q.Question, q.Asked, q.Askers, q.Answer, q.AnsweredShare, q.LastAsked }),
            percentColumns: [6]);
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }

    private static void Sheet(XLWorkbook workbook, string name, string[] headers, IEnumerable<object[]> rows, int[] percentColumns)
    {
        var sheet = workbook.Worksheets.Add(name);
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headers[c];
        }
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                switch (row[c])
                {
                    case double d: cell.Value = d; break;
                    case int i: cell.Value = i; break;
                    case DateTime t: cell.Value = t; cell.Style.DateFormat.Format = "yyyy-mm-dd hh:mm"; break;
                    default: cell.Value = row[c]?.ToString() ?? ""; break;
                }
            }
            r++;
        }
        foreach (var column in percentColumns)
        {
            sheet.Column(column).Style.NumberFormat.Format = "0%";
        }
        sheet.SheetView.FreezeRows(1);
        // Widths by hand: measuring text (AdjustToContents) needs System.Drawing, which Linux servers lack.
        for (var c = 0; c < headers.Length; c++)
        {
            var longest = sheet.Column(c + 1).CellsUsed().Take(200).Select(cell => cell.GetString().Length).DefaultIfEmpty(0).Max();
            sheet.Column(c + 1).Width = Math.Clamp(longest + 2, 10, 60);
        }
    }
}
