using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FunAsr.LoadTest;

/// <summary>The ASR service started on a free loopback port with one batching mode; stopped (and its tree killed) on dispose.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ServiceProcess> StartAsync(LoadOptions options, bool batching)
    {
        if (!File.Exists(options.ServiceDll))
        {
            throw new FileNotFoundException($"{options.ServiceDll} not found: run 'dotnet build FunAsr.AsrService -c Release' from the repository root first.");
        }
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.GetFullPath(options.ServiceDll) },
            WorkingDirectory = Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = url.ToString(),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Asr__Model__Path"] = Path.GetFullPath(options.ModelPath),
                ["Asr__Inference__IntraOpThreads"] = options.IntraOpThreads.ToString(),
                ["Asr__Inference__PreferQuantized"] = options.Quantized ? "true" : "false",
                ["Asr__Batching__Enabled"] = batching ? "true" : "false",
                ["Asr__Batching__MaxBatchSize"] = options.MaxBatchSize.ToString(),
                ["Asr__Batching__MaxWaitMs"] = options.MaxWaitMs.ToString(),
                ["Asr__Batching__QueueCapacity"] = "100000",
                ["Asr__Jobs__WorkersPerReplica"] = "0",
            },
        };
        // No Redis: the result cache would answer repeated clips without inference and hide what is measured.
        start.Environment.Remove("ConnectionStrings__cache");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  [service] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, url);
        await service.WaitUntilReadyAsync();
        return service;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with code {_process.ExitCode}");
            }
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the service did not become ready within 120 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
