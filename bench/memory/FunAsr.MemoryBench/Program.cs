using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace FunAsr.MemoryBench;

/// <summary>
/// Peak memory of the ASR service under decode bombs: for each kind of "hours of silence" upload, four at once next to
/// one normal request, against a freshly started service process whose peak RSS (VmHWM, reset before each scenario)
/// is read from /proc, with its ffmpeg children sampled too. Prints what each request got and how much the process grew.
/// Run: <c>bash bench/memory/run.sh [other/FunAsr.AsrService.dll ...]</c> (each service given is measured in turn).
/// </summary>
public static class Program
{
    private const int Bombs = 4;

    public static async Task<int> Main(string[] args)
    {
        var repository = FindRepository();
        var services = args.Length > 0 ? args : [Path.Combine(repository, "FunAsr.AsrService", "bin", "Release", "net10.0", "FunAsr.AsrService.dll")];
        var inputs = Path.Combine(Path.GetTempPath(), "funasr-memorybench-inputs");
        Directory.CreateDirectory(inputs);
        var files = MakeInputs(inputs);
        Console.WriteLine($"memory benchmark: {Bombs} bombs at once + 1 normal request (20 s of speech-band tone), {Environment.ProcessorCount} cores");
        Console.WriteLine("peak = VmHWM of the service process (reset before each scenario); growth = peak minus the RSS just before it");

        foreach (var service in services)
        {
            Console.WriteLine();
            Console.WriteLine($"service: {service}");
            Console.WriteLine($"{"scenario",-38} {"bomb answers",-18} {"normal",7} {"before MB",10} {"peak MB",8} {"growth MB",10} {"ffmpeg MB",10} {"time s",7}");
            var normal = File.ReadAllBytes(files["normal"]);
            foreach (var (scenario, key, name) in Scenarios)
            {
                // A fresh process per scenario, warmed up by normal requests (JIT, ONNX session, ffmpeg pages), so each
                // figure is that scenario's alone.
                await using var host = await ServiceProcess.StartAsync(service, repository);
                using var client = new HttpClient { BaseAddress = host.Url, Timeout = TimeSpan.FromMinutes(10) };
                await PostAsync(client, normal, "normal.wav");
                await PostAsync(client, File.ReadAllBytes(files["normal-flac"]), "normal.flac");
                await Task.Delay(1000);

                var bomb = File.ReadAllBytes(files[key]);
                var before = host.Rss();
                host.ResetPeak();
                using var children = host.SampleChildren();
                var clock = Stopwatch.StartNew();
                var bombs = Enumerable.Range(0, Bombs).Select(_ => PostAsync(client, bomb, name)).ToArray();
                var normalAnswer = PostAsync(client, normal, "normal.wav");
                var answers = await Task.WhenAll(bombs);
                var normalStatus = await normalAnswer;
                var elapsed = clock.Elapsed.TotalSeconds;
                var peak = host.Peak();
                var alive = host.Alive ? "" : "  (the service died)";
                var codes = string.Join(",", answers.GroupBy(a => a).Select(g => g.Count() == 1 ? $"{g.Key}" : $"{g.Count()}x{g.Key}"));
                Console.WriteLine($"{scenario,-38} {codes,-18} {normalStatus,7} {Mb(before),10:0} {Mb(peak),8:0} {Mb(peak - before),10:0} {Mb(children.PeakRss),10:0} {elapsed,7:0.0}{alive}");
            }
        }

        return 0;
    }

    private static readonly (string Scenario, string Key, string Name)[] Scenarios =
    [
        ("4 h silent FLAC, 2.7 MB", "flac", "silence.flac"),
        ("3.9 h 8-bit 1 kHz WAV, 14 MB", "wav", "silence.wav"),
        ("3.9 h WAV, no length in header", "wav-undeclared", "silence.wav"),
        ("4 h silent Ogg/Vorbis (no duration)", "ogg", "silence.ogg"),
        ("MP4, 200,000 nested trak boxes", "mp4", "deep.mp4"),
    ];

    private static double Mb(long bytes) => bytes / (1024.0 * 1024);

    private static async Task<int> PostAsync(HttpClient client, byte[] file, string name)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", name);
        try
        {
            using var response = await client.PostAsync("/v1/audio/transcriptions", form);
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The service died under the request.
            return 0;
        }
    }

    private static Dictionary<string, string> MakeInputs(string folder)
    {
        var files = new Dictionary<string, string>
        {
            ["normal"] = Path.Combine(folder, "normal.wav"),
            ["normal-flac"] = Path.Combine(folder, "normal.flac"),
            ["flac"] = Path.Combine(folder, "silence-4h.flac"),
            ["wav"] = Path.Combine(folder, "silence-3.9h-1khz.wav"),
            ["wav-undeclared"] = Path.Combine(folder, "silence-3.9h-1khz-undeclared.wav"),
            ["ogg"] = Path.Combine(folder, "silence-4h.ogg"),
            ["mp4"] = Path.Combine(folder, "nested-trak.mp4"),
        };
        Ffmpeg(files["normal"], "-f", "lavfi", "-i", "sine=frequency=440:duration=20:sample_rate=16000", "-c:a", "pcm_s16le");
        Ffmpeg(files["normal-flac"], "-f", "lavfi", "-i", "sine=frequency=440:duration=20:sample_rate=16000", "-c:a", "flac");
        Ffmpeg(files["flac"], "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "14400", "-c:a", "flac", "-compression_level", "8");
        Ffmpeg(files["ogg"], "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "14400", "-c:a", "libvorbis", "-q:a", "0");
        if (!File.Exists(files["wav"])) File.WriteAllBytes(files["wav"], EightBitKilohertzWav(14_000_000, declared: true));
        if (!File.Exists(files["wav-undeclared"])) File.WriteAllBytes(files["wav-undeclared"], EightBitKilohertzWav(14_000_000, declared: false));
        if (!File.Exists(files["mp4"])) File.WriteAllBytes(files["mp4"], NestedTrakMp4(200_000));
        return files;
    }

    private static void Ffmpeg(string output, params string[] arguments)
    {
        if (File.Exists(output)) return;
        Console.Error.WriteLine($"making {Path.GetFileName(output)} with ffmpeg...");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-y" }.Concat(arguments).Append(output + ".part"))
            start.ArgumentList.Add(argument);
        start.ArgumentList.Insert(start.ArgumentList.Count - 1, "-f");
        start.ArgumentList.Insert(start.ArgumentList.Count - 1, Path.GetExtension(output) switch { ".wav" => "wav", ".flac" => "flac", _ => "ogg" });
        using var ffmpeg = Process.Start(start)!;
        var error = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {error}");
        File.Move(output + ".part", output);
    }

    /// <summary>8-bit mono PCM at 1 kHz, all silence; the header states the data size, or 0xFFFFFFFF ("read to the end").</summary>
    private static byte[] EightBitKilohertzWav(int bytes, bool declared)
    {
        var wav = new byte[44 + bytes];
        "RIFF"u8.CopyTo(wav);
        BitConverter.TryWriteBytes(wav.AsSpan(4), declared ? 36u + (uint)bytes : uint.MaxValue);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BitConverter.TryWriteBytes(wav.AsSpan(16), 16);
        BitConverter.TryWriteBytes(wav.AsSpan(20), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(22), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(24), 1000);
        BitConverter.TryWriteBytes(wav.AsSpan(28), 1000);
        BitConverter.TryWriteBytes(wav.AsSpan(32), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(34), (short)8);
        "data"u8.CopyTo(wav.AsSpan(36));
        BitConverter.TryWriteBytes(wav.AsSpan(40), declared ? (uint)bytes : uint.MaxValue);
        wav.AsSpan(44).Fill(128);
        return wav;
    }

    /// <summary>ftyp, mdat, then a moov holding <paramref name="depth"/> trak boxes each inside the last.</summary>
    private static byte[] NestedTrakMp4(int depth)
    {
        byte[] ftyp = [0, 0, 0, 20, .. "ftypM4A \0\0\0\0M4A "u8];
        byte[] mdat = [0, 0, 0, 72, .. "mdat"u8, .. new byte[64]];
        var moovLength = 8 + 8 * depth;
        var file = new byte[ftyp.Length + mdat.Length + moovLength];
        ftyp.CopyTo(file, 0);
        mdat.CopyTo(file, ftyp.Length);
        for (var level = 0; level <= depth; level++)
        {
            var at = ftyp.Length + mdat.Length + 8 * level;
            var size = (uint)(moovLength - 8 * level);
            file[at] = (byte)(size >> 24);
            file[at + 1] = (byte)(size >> 16);
            file[at + 2] = (byte)(size >> 8);
            file[at + 3] = (byte)size;
            (level == 0 ? "moov"u8 : "trak"u8).CopyTo(file.AsSpan(at + 4));
        }

        return file;
    }

    private static string FindRepository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FunAsr.Aspire.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }
}

/// <summary>The ASR service as its own process, on a free loopback port, with the known-answer model.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ServiceProcess> StartAsync(string dll, string repository)
    {
        dll = Path.GetFullPath(dll);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--Asr:Model:Path", Path.Combine(repository, "models", "testing", "known-answer"),
                     "--Logging:LogLevel:Default", "Warning" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = new Uri($"http://127.0.0.1:{port}");
        using var client = new HttpClient { BaseAddress = url };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return new ServiceProcess(process, url);
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{dll} did not become healthy:\n{string.Join('\n', log.TakeLast(30))}");
    }

    public bool Alive => !_process.HasExited;

    public long Rss() => Status("VmRSS:");

    /// <summary>The peak since the last reset (0 when the process died: /proc no longer says).</summary>
    public long Peak() => Status("VmHWM:");

    /// <summary>Resets VmHWM to the current RSS (Linux: "5" into clear_refs).</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    public ChildSampler SampleChildren() => new(_process.Id);

    /// <summary>A size from /proc/PID/status, or 0 once the process is gone (a dead process's status has no sizes).</summary>
    private long Status(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        if (Alive) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Samples the RSS of the service's ffmpeg processes every 20 ms and keeps the largest.</summary>
internal sealed class ChildSampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public ChildSampler(int parent) => _sampling = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var stat in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
            {
                try
                {
                    var fields = File.ReadAllText(Path.Combine(stat, "stat"));
                    var name = fields[(fields.IndexOf('(') + 1)..fields.LastIndexOf(')')];
                    var afterName = fields[(fields.LastIndexOf(')') + 2)..].Split(' ');
                    if (name != "ffmpeg" || int.Parse(afterName[1], CultureInfo.InvariantCulture) != parent) continue;
                    var rss = long.Parse(afterName[21], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
                    PeakRss = Math.Max(PeakRss, rss);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                }
            }

            await Task.Delay(20);
        }
    });

    public long PeakRss { get; private set; }

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.Wait();
        _stop.Dispose();
    }
}
