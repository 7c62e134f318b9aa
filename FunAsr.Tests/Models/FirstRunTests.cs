using FunAsr.AsrService.Api.Native;
using System.Text.Json;
using FunAsr.AsrService.Models;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Models;

/// <summary>
/// What the AppHost relies on at every start: models/fetch --if-missing does nothing once the model is there,
/// --best-effort never fails a start without network, and the service falls back to the test model (and says so)
/// when the configured model folder is missing or half-fetched.
/// </summary>
public sealed class FirstRunTests : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("funasr-first-run-");
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

    [Fact]
    public async Task If_missing_downloads_once_and_then_does_nothing()
    {
        var archive = TestArchives.Tar("tar.bz2");
        var manifest = Manifest("m", _server.Serve("m.tar.bz2", archive));

        var first = await FetchAsync(manifest, "m", "--allow-unpinned", "--if-missing");
        var second = await FetchAsync(manifest, "m", "--allow-unpinned", "--if-missing");

        Assert.Equal((0, 0), (first.Exit, second.Exit));
        Assert.Contains("already fetched", second.Output);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Best_effort_exits_0_when_the_download_fails_but_not_for_an_unknown_model()
    {
        var manifest = Manifest("m", _server.Serve("m.tar.bz2", TestArchives.Tar("tar.bz2")).Replace("m.tar.bz2", "absent.tar.bz2"));

        var failed = await FetchAsync(manifest, "m", "--allow-unpinned", "--best-effort");
        var strict = await FetchAsync(manifest, "m", "--allow-unpinned");
        var unknown = await FetchAsync(manifest, "nope", "--allow-unpinned", "--best-effort");

        Assert.Equal(0, failed.Exit);
        Assert.Contains("continuing without it", failed.Output);
        Assert.Equal(1, strict.Exit);
        Assert.Equal(1, unknown.Exit);
    }

    [Fact]
    public async Task A_missing_model_folder_falls_back_to_the_test_model_with_its_banner()
    {
        await using var host = new AsrServiceHost(new Dictionary<string, string?>
        {
            ["Asr:Model:Path"] = Path.Combine(ModelsFolder, TestModelNotice.DefaultModel),
            ["Asr:Model:FallbackPath"] = RepositoryPaths.KnownAnswerModel,
        });
        var client = await host.StartAsync();

        using var status = JsonDocument.Parse(await client.GetStringAsync(ModelStatusEndpoints.Route));
        Assert.True(status.RootElement.GetProperty("testModel").GetBoolean());
        Assert.Equal("known-answer", status.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_half_fetched_folder_falls_back_too()
    {
        var folder = Directory.CreateDirectory(Path.Combine(ModelsFolder, TestModelNotice.DefaultModel, ".download")).Parent!.FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, ".download", "x.tar.bz2.part"), [1, 2, 3]);
        await using var host = new AsrServiceHost(new Dictionary<string, string?>
        {
            ["Asr:Model:Path"] = folder,
            ["Asr:Model:FallbackPath"] = RepositoryPaths.KnownAnswerModel,
        });
        var client = await host.StartAsync();

        using var status = JsonDocument.Parse(await client.GetStringAsync(ModelStatusEndpoints.Route));
        Assert.True(status.RootElement.GetProperty("testModel").GetBoolean());
    }

    private string Manifest(string name, string url)
    {
        var path = Path.Combine(_root.FullName, "manifest.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            models = new[]
            {
                new { name, family = "test", description = "test", source = "test", files = new[] { new { url, sha256 = (string?)null, checksumNote = "test", unpack = true, stripComponents = 1 } } },
            },
        }));
        return path;
    }

    private async Task<(int Exit, string Output)> FetchAsync(string manifest, params string[] args)
    {
        var output = new StringWriter();
        var exit = await FunAsr.ModelFetch.Program.RunAsync([.. args, "--manifest", manifest, "--dir", ModelsFolder], _http, output, output, progress: null, CancellationToken.None);
        return (exit, output.ToString());
    }
}
