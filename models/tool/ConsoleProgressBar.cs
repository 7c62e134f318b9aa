namespace FunAsr.ModelFetch;

/// <summary>A one-line progress bar on stderr; a line per 10% when stderr is not a terminal (CI logs).</summary>
internal sealed class ConsoleProgressBar : IProgress<DownloadProgress>
{
    private const int Width = 30;
    private int _lastDecile = -1;

    public void Report(DownloadProgress value)
    {
        var megabytes = value.Received / 1e6;
        var rate = value.BytesPerSecond / 1e6;
        if (value.Total is not { } total || total <= 0)
        {
            if (!Console.IsErrorRedirected) Console.Error.Write($"\r  {value.FileName}  {megabytes,8:0.0} MB  {rate,6:0.0} MB/s   ");
            return;
        }

        var fraction = Math.Clamp((double)value.Received / total, 0, 1);
        if (Console.IsErrorRedirected)
        {
            var decile = (int)(fraction * 10);
            if (decile == _lastDecile) return;
            _lastDecile = decile;
            Console.Error.WriteLine($"  {value.FileName}: {fraction,4:P0} of {total / 1e6:0.0} MB");
            return;
        }

        var filled = (int)(fraction * Width);
        var eta = rate > 0 ? TimeSpan.FromSeconds((total - value.Received) / value.BytesPerSecond) : TimeSpan.Zero;
        Console.Error.Write($"\r  [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {megabytes,7:0.0}/{total / 1e6:0.0} MB {rate,6:0.0} MB/s ETA {eta:h\\:mm\\:ss} ");
        if (value.Received >= total) Console.Error.WriteLine();
    }
}
