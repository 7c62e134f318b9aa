using FunAsr.Text.Analysis;

namespace FunAsr.QaBot.Retrieval;

/// <summary>Loads the text analysis' dictionaries and tables in the background at start, so the first question is not slow.</summary>
public sealed class AnalysisWarmup(ILogger<AnalysisWarmup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        TermAnalyzer.WarmUp();
        logger.LogInformation("Text analysis ready in {Seconds:0.0} s", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }, stoppingToken);
}
