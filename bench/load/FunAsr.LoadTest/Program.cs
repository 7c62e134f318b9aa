using System.Globalization;
using System.Text.Json;

namespace FunAsr.LoadTest;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var clip = ToneClip.Wav(options.TonesPath, options.ClipSeconds);
        Console.WriteLine($"clip: {options.ClipSeconds:0.#} s of tone words ({clip.Length} bytes WAV); model: {options.ModelPath}{(options.Quantized ? " (int8)" : "")}; " +
                          $"threads {options.IntraOpThreads}; batch ≤ {options.MaxBatchSize}, wait ≤ {options.MaxWaitMs} ms; {Environment.ProcessorCount} cores");
        Console.WriteLine("| batching | concurrency | requests | failed | req/s | p50 ms | p99 ms | RTF (throughput) | RTF (per request) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");

        var modes = options.Url is null ? options.Batching.Select(b => (bool?)b) : [null];
        foreach (var batching in modes)
        {
            await using var service = batching is { } on ? await ServiceProcess.StartAsync(options, on) : null;
            using var client = new HttpClient { BaseAddress = service?.Url ?? new Uri(options.Url!), Timeout = TimeSpan.FromMinutes(5) };
            await CheckAnswerAsync(client, clip);
            foreach (var concurrency in options.Concurrency)
            {
                var result = await LoadRun.RunAsync(client, clip, options.ClipSeconds, concurrency,
                    TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.Seconds));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {(batching is null ? "as configured" : batching.Value ? "on" : "off")} | {concurrency} | {result.Requests} | {result.Failures} | {result.RequestsPerSecond:0.0} | {result.P50Ms:0} | {result.P99Ms:0} | {result.ThroughputRtf:0.0000} | {result.LatencyRtf:0.0000} |"));
            }
        }
        return 0;
    }

    private static async Task CheckAnswerAsync(HttpClient client, byte[] clip)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(clip), "file", "clip.wav" } };
        using var response = await client.PostAsync("/api/asr/transcriptions", form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the service refused the clip: {(int)response.StatusCode} {body}");
        }
        var text = JsonDocument.Parse(body).RootElement.GetProperty("text").GetString() ?? string.Empty;
        Console.WriteLine($"sample answer: \"{(text.Length > 80 ? text[..80] + "…" : text)}\"");
    }
}
