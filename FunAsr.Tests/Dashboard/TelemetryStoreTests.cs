using FunAsr.AppHost.Dashboard;
using FunAsr.AppHost.Telemetry;

namespace FunAsr.Tests.Dashboard;

public sealed class TelemetryStoreTests
{
    private static SpanRecord Span(int trace, int span, long start) => new(
        $"{trace:x32}", $"{span:x16}", null, $"span {span}", "Internal", start, start + 1000, "asr", "abcdefgh", "test",
        "Unset", null, [], []);

    [Fact]
    public void Keeps_the_newest_spans_and_logs_within_its_limits()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpans = 100, MaxLogs = 100 });

        store.AddSpans(Enumerable.Range(1, 150).Select(i => Span(trace: i, span: i, start: i * 1000L)));
        store.AddLogs(Enumerable.Range(1, 150).Select(i => (Func<long, LogRecordData>)(seq =>
            new LogRecordData(seq, DateTimeOffset.UnixEpoch, 9, "Information", "asr", null, "c", $"log {i}", null, null, []))));

        Assert.Equal(100, store.SpanCount);
        Assert.Null(store.Trace($"{1:x32}"));
        Assert.Null(store.Trace($"{50:x32}"));
        Assert.NotNull(store.Trace($"{51:x32}"));
        Assert.Equal(100, store.Traces(null, null, 1000).Count);
        var logs = store.Logs(null, 0, null, null, 0, 1000);
        Assert.Equal(100, logs.Count);
        Assert.Equal("log 150", logs[0].Message);
        Assert.Equal("log 51", logs[^1].Message);
    }

    [Fact]
    public void Metric_series_keep_their_newest_points_and_rates_come_from_cumulative_counts()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxPointsPerSeries = 10 });
        var start = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 20; i++)
        {
            // A cumulative histogram: 2 more requests per second, each with value 0.5.
            store.AddMetricPoint("asr", "abcdefgh", "asr.real_time_factor", "1", "", "histogram",
                new MetricPoint(start.AddSeconds(i), 0.5, Count: 2 * i, Sum: i, IsCumulative: true));
        }

        var series = Assert.Single(store.Series("asr.real_time_factor", "asr"));
        Assert.Equal(10, series.Points.Count);
        Assert.Equal(start.AddSeconds(19), series.Points[^1].Time);
        var derived = MetricRates.Derive(series.Points);
        Assert.Null(derived[0].Rate);
        Assert.All(derived.Skip(1), p => Assert.Equal(2.0, p.Rate));
        Assert.All(derived.Skip(1), p => Assert.Equal(0.5, p.Mean));
    }

    [Theory]
    [InlineData("\u001b[40m\u001b[32minfo\u001b[39m\u001b[22m\u001b[49m: Started", "info: Started")]
    [InlineData("plain line", "plain line")]
    [InlineData("\u001b[1;31mred\u001b[0m and \u001b[2Kcleared", "red and cleared")]
    public void Console_lines_lose_their_ansi_escapes(string raw, string expected) => Assert.Equal(expected, AnsiText.Strip(raw));
}
