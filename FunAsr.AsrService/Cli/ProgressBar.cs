namespace FunAsr.AsrService.Cli;

/// <summary>
/// Progress of one long file on standard error: a bar redrawn in place on a terminal, a line per tenth when the
/// stream is redirected (a log or a pipe), nothing for short files.
/// </summary>
public sealed class ProgressBar(TextWriter error, string name, bool interactive)
{
    private const int Width = 30;
    private int _lastTenth = -1;

    public void Report(int done, int total, double audioSeconds)
    {
        var fraction = total == 0 ? 1 : (double)done / total;
        if (interactive)
        {
            var filled = (int)Math.Round(fraction * Width);
            error.Write($"\r{name} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {done}/{total} segments of {audioSeconds:0} s");
            if (done == total)
            {
                error.WriteLine();
            }
            return;
        }
        var tenth = (int)(fraction * 10);
        if (tenth != _lastTenth)
        {
            _lastTenth = tenth;
            error.WriteLine($"{name}: {fraction:P0} ({done}/{total} segments of {audioSeconds:0} s)");
        }
    }
}
