namespace FunAsr.ModelFetch;

/// <summary><c>models/fetch &lt;name&gt;</c>: fetches a model listed in models/manifest.json into models/&lt;name&gt;/.</summary>
public sealed class Program
{
    private const string Usage = """
        Usage: models/fetch <name> [--allow-unpinned] [--if-missing] [--best-effort] [--manifest FILE] [--dir FOLDER]
               models/fetch --list
          <name>            a model from models/manifest.json (see models/README.md)
          --allow-unpinned  accept files that have no published SHA-256 (their sum is printed for pinning)
          --if-missing      do nothing when <name>/ already holds this download
          --best-effort     exit 0 when the download fails (offline): say why and leave the folder unusable, not half-used
          --manifest FILE   manifest to read (default: models/manifest.json, else ./manifest.json)
          --dir FOLDER      folder that receives <name>/ (default: the manifest's folder)
        """;

    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        // No overall timeout (downloads take minutes), but an unreachable host fails in 30 s instead of the OS's minutes.
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) }) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("FunAsr.ModelFetch/1.0");
        return await RunAsync(args, http, Console.Out, Console.Error, new ConsoleProgressBar(), cancel.Token);
    }

    /// <summary>The command line without the process around it, so tests can run it with their own client and writers.</summary>
    public static async Task<int> RunAsync(string[] args, HttpClient http, TextWriter output, TextWriter error, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string? name = null, manifestPath = null, folder = null;
        bool list = false, allowUnpinned = false, ifMissing = false, bestEffort = false, downloading = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--list": list = true; break;
                case "--allow-unpinned": allowUnpinned = true; break;
                case "--if-missing": ifMissing = true; break;
                case "--best-effort": bestEffort = true; break;
                case "--manifest" when i + 1 < args.Length: manifestPath = args[++i]; break;
                case "--dir" when i + 1 < args.Length: folder = args[++i]; break;
                case "-h" or "--help": await output.WriteLineAsync(Usage); return 0;
                default:
                    if (args[i].StartsWith('-') || name is not null)
                    {
                        await error.WriteLineAsync($"Unexpected argument '{args[i]}'.\n{Usage}");
                        return 2;
                    }

                    name = args[i];
                    break;
            }
        }

        manifestPath ??= File.Exists(Path.Combine("models", "manifest.json")) ? Path.Combine("models", "manifest.json") : "manifest.json";
        folder ??= Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        try
        {
            var manifest = ModelManifest.Load(manifestPath);
            if (list)
            {
                foreach (var model in manifest.Models)
                {
                    var pinned = model.Files.All(f => f.Sha256 is not null) ? "sha256 pinned" : "no published sha256";
                    var languages = model.Languages is { Count: > 0 } l ? string.Join(",", l.Take(5)) + (l.Count > 5 ? $",… ({l.Count})" : "") : "-";
                    await output.WriteLineAsync($"{model.Name,-48} {model.Family,-28} {languages,-22} {pinned,-20} {model.Description}");
                }

                return 0;
            }

            if (name is null)
            {
                await error.WriteLineAsync(Usage);
                return 2;
            }

            manifest.Find(name);
            downloading = true;
            var result = await new ModelFetcher(http, output, progress)
                .FetchAsync(manifest, name, folder, new FetchOptions(allowUnpinned, ifMissing), cancellationToken);
            await output.WriteLineAsync($"Done: {result.Folder}");
            return 0;
        }
        catch (FetchException e)
        {
            await error.WriteLineAsync($"models/fetch: {e.Message}");
            if (bestEffort && downloading)
            {
                // The AppHost starts the service anyway; it falls back to the test model and says so.
                await output.WriteLineAsync($"models/fetch: {name} is not available; continuing without it (--best-effort).");
                return 0;
            }

            return 1;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("models/fetch: cancelled; run the same command again to resume.");
            return 130;
        }
    }
}
