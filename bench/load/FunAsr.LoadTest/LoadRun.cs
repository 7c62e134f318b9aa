using System.Diagnostics;
using System.Net.Http.Headers;

namespace FunAsr.LoadTest;

public sealed record LoadResult(int Concurrency, int Requests, int Failures, double Seconds, double P50Ms, double P99Ms, double MeanMs, double ClipSeconds)
{
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>Wall time per second of audio across all requests: the service's aggregate real-time factor.</summary>
    public double ThroughputRtf => Seconds / (Requests * ClipSeconds);

    /// <summary>What one caller sees: latency divided by its clip's duration.</summary>
    public double LatencyRtf => MeanMs / 1000 / ClipSeconds;
}

/// <summary>Closed-loop load: N callers each send the next request as soon as the previous one answered.</summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(HttpClient client, byte[] clip, double clipSeconds, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        await RunForAsync(client, clip, concurrency, warmup);
        var (latencies, failures, elapsed) = await RunForAsync(client, clip, concurrency, duration);
        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        return new LoadResult(concurrency, latencies.Count, failures, elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99),
            latencies.Count == 0 ? double.NaN : latencies.Average(), clipSeconds);
    }

    private static async Task<(List<double> Latencies, int Failures, TimeSpan Elapsed)> RunForAsync(
        HttpClient client, byte[] clip, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                using var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(clip);
                file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
                form.Add(file, "file", "clip.wav");
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("/api/asr/transcriptions", form);
                await response.Content.ReadAsByteArrayAsync();
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        latencies.Add(ms);
                    }
                    else
                    {
                        failures++;
                    }
                }
            }
        });
        await Task.WhenAll(callers);
        return (latencies, failures, clock.Elapsed);
    }
}
