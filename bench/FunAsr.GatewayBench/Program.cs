using System.Net.Http.Json;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FunAsr.GatewayBench;

/// <summary>
/// What the gateway costs per request: latency and throughput of the same backend called directly and through the
/// real gateway (API key check, rate limiter, security headers, YARP), plus upload throughput of a large body.
/// Run: <c>dotnet run -c Release --project bench/FunAsr.GatewayBench [-- requests uploadMegabytes]</c>.
/// </summary>
public static class Program
{
    private const string Key = "bench-key-0123456789abcdef";
    private const string BenchPassword = "bench admin password";

    public static async Task Main(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0]) : 3000;
        var uploadMegabytes = args.Length > 1 ? int.Parse(args[1]) : 256;

        await using var backend = await StartBackendAsync();
        var backendUrl = backend.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var gatewayPort = FreePort();
        var gatewayUrl = $"http://127.0.0.1:{gatewayPort}";
        var dataDirectory = Directory.CreateTempSubdirectory("funasr-gatewaybench-").FullName;
        _ = Task.Run(() => FunAsr.Gateway.Program.Main(
        [
            "--urls", gatewayUrl,
            "--environment", "Production",
            "--contentRoot", AppContext.BaseDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Gateway:ApiKeys:0", Key,
            "--Gateway:Quotas:admin:RequestsPerMinute", "100000000",
            "--Database:DataDirectory", dataDirectory,
            "--Accounts:Bootstrap:UserName", "bench.admin",
            "--Accounts:Bootstrap:Password", BenchPassword,
            "--Accounts:SecureCookie", "false",
            "--services:asr:http:0", backendUrl,
            "--services:qabot:http:0", backendUrl,
        ]));
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        await WaitForAsync(client, $"{gatewayUrl}/health");

        Console.WriteLine($"gateway benchmark: {requests} sequential GETs, 32 concurrent clients for 5 s, {uploadMegabytes} MB upload; {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"path",-10} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"req/s (32)",12} {"upload MB/s",12}");
        var mintedKey = await MintKeyAsync(gatewayUrl);
        foreach (var (name, baseUrl, key) in new[] { ("direct", backendUrl.TrimEnd('/'), Key), ("gateway", gatewayUrl, Key), ("minted", gatewayUrl, mintedKey) })
        {
            client.DefaultRequestHeaders.Remove("X-Api-Key");
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            var url = $"{baseUrl}/api/qa/lectures";
            var latencies = await SequentialAsync(client, url, requests);
            var throughput = await ConcurrentAsync(client, url, 32, TimeSpan.FromSeconds(5));
            var upload = await UploadAsync(client, $"{baseUrl}/api/asr/transcriptions", uploadMegabytes);
            Console.WriteLine($"{name,-10} {Percentile(latencies, 0.50),8:0.000} {Percentile(latencies, 0.95),8:0.000} {Percentile(latencies, 0.99),8:0.000} {throughput,12:0} {upload,12:0}");
        }
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        Environment.Exit(0);
    }

    /// <summary>A key minted through the admin API, so the "minted" row pays the per-request database check a real key does.</summary>
    private static async Task<string> MintKeyAsync(string gatewayUrl)
    {
        using var admin = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(gatewayUrl) };
        (await admin.PostAsJsonAsync("/api/account/login", new { userName = "bench.admin", password = BenchPassword })).EnsureSuccessStatusCode();
        var minted = await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "bench", role = "admin", serviceName = "bench" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return minted.GetProperty("key").GetString()!;
    }

    private static async Task<WebApplication> StartBackendAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health", () => "Healthy");
        app.MapGet("/api/qa/lectures", () => Results.Json(new[] { new { id = "l1", title = "Safety", duration = 600.0 } }));
        app.MapPost("/api/asr/transcriptions", async (HttpRequest request) =>
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }
            return Results.Json(new { bytes = total });
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<double[]> SequentialAsync(HttpClient client, string url, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            (await client.GetAsync(url)).Dispose();
        }
        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            response.EnsureSuccessStatusCode();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(latencies);
        return latencies;
    }

    private static async Task<double> ConcurrentAsync(HttpClient client, string url, int workers, TimeSpan duration)
    {
        long completed = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                using var response = await client.GetAsync(url);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref completed);
            }
        }));
        return completed / duration.TotalSeconds;
    }

    private static async Task<double> UploadAsync(HttpClient client, string url, int megabytes)
    {
        var bytes = (long)megabytes * 1024 * 1024;
        var started = Stopwatch.GetTimestamp();
        using var content = new StreamContent(new ZeroStream(bytes));
        content.Headers.ContentLength = bytes;
        using var response = await client.PostAsync(url, content);
        response.EnsureSuccessStatusCode();
        return megabytes / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static async Task WaitForAsync(HttpClient client, string url)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} did not answer");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A body of the given length that costs nothing to produce, so the figure is the proxy's, not the client's.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
