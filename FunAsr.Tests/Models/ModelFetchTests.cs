using System.Formats.Tar;
using System.Text.Json;
using FunAsr.ModelFetch;

namespace FunAsr.Tests.Models;

public sealed class ModelFetchTests : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("funasr-models-test-");
    private ModelFileServer _server = null!;
    private readonly HttpClient _http = new();

    private string ModelsFolder => Path.Combine(_root.FullName, "models");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ModelsFolder);
        _server = await ModelFileServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _root.Delete(recursive: true);
    }

    private string WriteManifest(string name, params object[] files)
    {
        var path = Path.Combine(ModelsFolder, "manifest.json");
        var manifest = new { models = new[] { new { name, family = "test", description = "test model", source = "test", files } } };
        File.WriteAllText(path, JsonSerializer.Serialize(manifest));
        return path;
    }

    private async Task<(int Exit, string Output, string Error)> FetchAsync(string manifest, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FunAsr.ModelFetch.Program.RunAsync([.. args, "--manifest", manifest, "--dir", ModelsFolder], _http, output, error, progress: null, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private static IEnumerable<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];

    private string[] FilesUnderRoot() =>
        Directory.EnumerateFileSystemEntries(_root.FullName, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(_root.FullName, p)).Order().ToArray();

    [Theory]
    [InlineData("tar.bz2")]
    [InlineData("tar.gz")]
    [InlineData("tar")]
    public async Task A_good_tar_archive_is_verified_and_unpacked_without_its_top_folder(string extension)
    {
        var archive = TestArchives.Tar(extension);
        var url = _server.Serve($"model.{extension}", archive);
        var manifest = WriteManifest("good", new { url, sha256 = TestArchives.Sha256(archive), size = archive.Length, unpack = true, stripComponents = 1 });

        var (exit, output, error) = await FetchAsync(manifest, "good");

        Assert.True(exit == 0, error);
        var folder = Path.Combine(ModelsFolder, "good");
        Assert.Equal(TestArchives.ModelBytes, File.ReadAllBytes(Path.Combine(folder, "model.int8.onnx")));
        Assert.Equal(TestArchives.Tokens, File.ReadAllText(Path.Combine(folder, "tokens.txt")));
        Assert.True(File.Exists(Path.Combine(folder, "test_wavs", "README.md")));
        Assert.Equal("model.int8.onnx", new FileInfo(Path.Combine(folder, "model.onnx")).LinkTarget);
        Assert.False(Directory.Exists(Path.Combine(folder, ModelFetcher.DownloadFolder)), "partial downloads are cleaned up");
        Assert.Contains("SHA-256 verified", output);
        using var receipt = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ModelFetcher.ReceiptFile)));
        Assert.Equal(TestArchives.Sha256(archive), receipt.RootElement.GetProperty("files")[0].GetProperty("Sha256").GetString());
    }

    [Fact]
    public async Task A_zip_archive_and_a_plain_file_are_fetched_together()
    {
        var zip = TestArchives.Zip(("am.mvn", "<Nnet>"u8.ToArray()), ("conf/config.yaml", "frontend: wav"u8.ToArray()));
        var onnx = TestArchives.Random(50_000, seed: 2);
        var manifest = WriteManifest("mixed",
            new { url = _server.Serve("extras.zip", zip), sha256 = TestArchives.Sha256(zip), unpack = true },
            new { url = _server.Serve("model_quant.onnx", onnx), sha256 = TestArchives.Sha256(onnx), saveAs = "model_quant.onnx" });

        var (exit, _, error) = await FetchAsync(manifest, "mixed");

        Assert.True(exit == 0, error);
        var folder = Path.Combine(ModelsFolder, "mixed");
        Assert.Equal("<Nnet>", File.ReadAllText(Path.Combine(folder, "am.mvn")));
        Assert.Equal("frontend: wav", File.ReadAllText(Path.Combine(folder, "conf", "config.yaml")));
        Assert.Equal(onnx, File.ReadAllBytes(Path.Combine(folder, "model_quant.onnx")));
    }

    [Fact]
    public async Task A_wrong_checksum_is_refused_and_nothing_is_kept()
    {
        var archive = TestArchives.Tar("tar.bz2");
        var wrong = TestArchives.Sha256(TestArchives.Random(10, seed: 9));
        var manifest = WriteManifest("corrupt", new { url = _server.Serve("corrupt.tar.bz2", archive), sha256 = wrong, unpack = true, stripComponents = 1 });

        var (exit, _, error) = await FetchAsync(manifest, "corrupt");

        Assert.Equal(1, exit);
        Assert.Contains("Checksum mismatch", error);
        Assert.Contains(wrong, error);
        Assert.Contains(TestArchives.Sha256(archive), error);
        Assert.Empty(FilesIn(Path.Combine(ModelsFolder, "corrupt")));
    }

    [Fact]
    public async Task A_download_that_breaks_off_is_resumed_with_a_range_request()
    {
        var archive = TestArchives.Tar("tar.gz");
        var url = _server.Serve("flaky.tar.gz", archive, breakOffOnce: true);
        var manifest = WriteManifest("flaky", new { url, sha256 = TestArchives.Sha256(archive), unpack = true, stripComponents = 1 });

        var first = await FetchAsync(manifest, "flaky");
        var part = Path.Combine(ModelsFolder, "flaky", ModelFetcher.DownloadFolder, "flaky.tar.gz.part");
        var kept = new FileInfo(part).Length;
        var second = await FetchAsync(manifest, "flaky");

        Assert.Equal(1, first.Exit);
        Assert.Contains("run the same command again to resume", first.Error);
        Assert.InRange(kept, 1, archive.Length - 1);
        Assert.True(second.Exit == 0, second.Error);
        Assert.Equal(["flaky.tar.gz", $"flaky.tar.gz bytes={kept}-"], _server.Requests.ToArray());
        Assert.Equal(TestArchives.ModelBytes, File.ReadAllBytes(Path.Combine(ModelsFolder, "flaky", "model.int8.onnx")));
    }

    public static TheoryData<string, string> HostileEntries => new()
    {
        { "dotdot", "../" },
        { "absolute", "absolute path" },
        { "symlink-out", "points outside" },
        { "hardlink-out", "hard link" },
    };

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public async Task An_archive_with_an_entry_escaping_the_folder_is_refused_and_writes_nothing(string kind, string reason)
    {
        TarEntry hostile = kind switch
        {
            "dotdot" => TestArchives.File("pkg/../../../evil.txt", "owned"u8.ToArray()),
            "absolute" => TestArchives.File(Path.Combine(_root.FullName, "evil.txt"), "owned"u8.ToArray()),
            "symlink-out" => new PaxTarEntry(TarEntryType.SymbolicLink, "pkg/evil.txt") { LinkName = "../../../evil.txt" },
            _ => new PaxTarEntry(TarEntryType.HardLink, "pkg/evil.txt") { LinkName = "../../evil.txt" },
        };
        var archive = TestArchives.Tar("tar.bz2", hostile);
        var manifest = WriteManifest("hostile", new { url = _server.Serve("hostile.tar.bz2", archive), sha256 = TestArchives.Sha256(archive), unpack = true, stripComponents = 1 });

        var (exit, _, error) = await FetchAsync(manifest, "hostile");

        Assert.Equal(1, exit);
        Assert.Contains("Refusing the archive", error);
        Assert.Contains(reason, error);
        Assert.DoesNotContain(FilesUnderRoot(), p => p.EndsWith("evil.txt"));
        Assert.Empty(FilesIn(Path.Combine(ModelsFolder, "hostile")));
    }

    [Fact]
    public async Task A_zip_with_a_dotdot_entry_is_refused()
    {
        var zip = TestArchives.Zip(("ok.txt", "fine"u8.ToArray()), ("../evil.txt", "owned"u8.ToArray()));
        var manifest = WriteManifest("hostile-zip", new { url = _server.Serve("hostile.zip", zip), sha256 = TestArchives.Sha256(zip), unpack = true });

        var (exit, _, error) = await FetchAsync(manifest, "hostile-zip");

        Assert.Equal(1, exit);
        Assert.Contains("'..'", error);
        Assert.DoesNotContain(FilesUnderRoot(), p => p.EndsWith("evil.txt") || p.EndsWith("ok.txt"));
    }

    [Fact]
    public async Task Files_without_a_published_checksum_need_consent_and_their_sum_is_printed()
    {
        var onnx = TestArchives.Random(20_000, seed: 3);
        var manifest = WriteManifest("unpinned", new { url = _server.Serve("silero_vad.onnx", onnx), sha256 = (string?)null, checksumNote = "none published", saveAs = "silero_vad.onnx" });

        var refused = await FetchAsync(manifest, "unpinned");
        var requestsAfterRefusal = _server.Requests.Count;
        var accepted = await FetchAsync(manifest, "unpinned", "--allow-unpinned");

        Assert.Equal(1, refused.Exit);
        Assert.Contains("--allow-unpinned", refused.Error);
        Assert.Contains("none published", refused.Error);
        Assert.Equal(0, requestsAfterRefusal);
        Assert.True(accepted.Exit == 0, accepted.Error);
        Assert.Contains($"\"sha256\": \"{TestArchives.Sha256(onnx)}\"", accepted.Output);
        Assert.Equal(onnx, File.ReadAllBytes(Path.Combine(ModelsFolder, "unpinned", "silero_vad.onnx")));
    }

    [Fact]
    public async Task An_unknown_name_lists_the_known_ones()
    {
        var manifest = WriteManifest("only-one", new { url = _server.Serve("x.onnx", [1, 2, 3]), sha256 = TestArchives.Sha256([1, 2, 3]), saveAs = "x.onnx" });

        var (exit, _, error) = await FetchAsync(manifest, "nope");

        Assert.Equal(1, exit);
        Assert.Contains("Unknown model 'nope'. Known: only-one.", error);
    }

    [Fact]
    public void The_committed_manifest_is_valid_and_lists_every_supported_export()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "models", "manifest.json"))) folder = folder.Parent;
        Assert.NotNull(folder);

        var manifest = ModelManifest.Load(Path.Combine(folder.FullName, "models", "manifest.json"));

        Assert.Equal(
            ["fsmn-vad", "funasr-nano-ctc", "funasr-nano-llm", "funasr-nano-llm-manyspeech", "pyannote-segmentation", "sensevoice-funasr", "sensevoice-sherpa", "silero-vad", "speaker-embedding"],
            manifest.Models.Select(m => m.Family).Distinct().Order());
        Assert.All(manifest.Models.SelectMany(m => m.Files), f => Assert.True(f.Sha256 is not null || f.ChecksumNote is not null, $"{f.Url} needs a sha256 or a note why there is none"));
    }
}
