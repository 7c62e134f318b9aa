using System.Formats.Tar;
using System.Text.Json;

namespace FunAsr.Tests.Models;

/// <summary>
/// models/fetch follows the links an archive lays down (and those already in the folder) before it writes: a chain of
/// links that each look harmless as text cannot carry a file out of the model folder, and nothing is written at all.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ArchiveLinkTests : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("funasr-links-test-");
    private readonly HttpClient _http = new();
    private ModelFileServer _server = null!;

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

    private static PaxTarEntry Link(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static TheoryData<string, string> Chains => new()
    {
        // "a" is the folder itself, so "a/b" -> ".." is the folder's parent, and "a/b/evil.txt" lands beside it.
        { "dot-then-dotdot", "points outside" },
        // "x" -> "d/.." is the folder while "d" does not exist; once "d" -> "." is laid down, "x" is the parent...
        { "redirected-later", "ends up pointing outside" },
        // ...and a file written through "x" after that would land there.
        { "redirected-then-written", "through links" },
        { "loop", "loop" },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public async Task A_chain_of_links_cannot_carry_a_write_out_of_the_folder(string chain, string reason)
    {
        TarEntry[] entries = chain switch
        {
            "dot-then-dotdot" => [Link("pkg/a", "."), Link("pkg/a/b", ".."), TestArchives.File("pkg/a/b/evil.txt", "owned"u8.ToArray())],
            "redirected-later" => [Link("pkg/x", "d/.."), Link("pkg/d", ".")],
            "redirected-then-written" => [Link("pkg/x", "d/.."), Link("pkg/d", "."), TestArchives.File("pkg/x/evil.txt", "owned"u8.ToArray())],
            _ => [Link("pkg/l1", "l2"), Link("pkg/l2", "l1"), TestArchives.File("pkg/l1/evil.txt", "owned"u8.ToArray())],
        };

        var (exit, error) = await FetchAsync("chain", TestArchives.Tar("tar.gz", entries));

        Assert.Equal(1, exit);
        Assert.Contains("Refusing the archive", error);
        Assert.Contains(reason, error);
        AssertNothingWritten("chain");
    }

    [Fact]
    public async Task A_link_already_in_the_folder_pointing_out_is_followed_and_refused()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_root.FullName, "elsewhere")).FullName;
        var model = Directory.CreateDirectory(Path.Combine(ModelsFolder, "stale")).FullName;
        File.CreateSymbolicLink(Path.Combine(model, "cache"), outside);

        var (exit, error) = await FetchAsync("stale", TestArchives.Tar("tar.gz", TestArchives.File("pkg/cache/evil.txt", "owned"u8.ToArray())));

        Assert.Equal(1, exit);
        Assert.Contains("through links", error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public async Task Links_that_stay_inside_are_unpacked_and_written_through()
    {
        var archive = TestArchives.Tar("tar.gz",
            new PaxTarEntry(TarEntryType.Directory, "pkg/v1/"),
            Link("pkg/current", "v1"),
            TestArchives.File("pkg/current/notes.txt", "inside"u8.ToArray()),
            Link("pkg/up", "current/.."));

        var (exit, error) = await FetchAsync("versions", archive);

        Assert.True(exit == 0, error);
        var folder = Path.Combine(ModelsFolder, "versions");
        Assert.Equal("inside", File.ReadAllText(Path.Combine(folder, "v1", "notes.txt")));
        Assert.Equal("v1", new FileInfo(Path.Combine(folder, "current")).LinkTarget);
        Assert.Equal(TestArchives.ModelBytes, File.ReadAllBytes(Path.Combine(folder, "model.onnx")));
    }

    private async Task<(int Exit, string Error)> FetchAsync(string name, byte[] archive)
    {
        var manifest = Path.Combine(ModelsFolder, "manifest.json");
        var files = new[] { new { url = _server.Serve($"{name}.tar.gz", archive), sha256 = TestArchives.Sha256(archive), unpack = true, stripComponents = 1 } };
        File.WriteAllText(manifest, JsonSerializer.Serialize(new { models = new[] { new { name, family = "test", description = "test model", source = "test", files } } }));
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FunAsr.ModelFetch.Program.RunAsync([name, "--manifest", manifest, "--dir", ModelsFolder], _http, output, error, progress: null, CancellationToken.None);
        return (exit, error.ToString());
    }

    private void AssertNothingWritten(string name)
    {
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_root.FullName, "*", SearchOption.AllDirectories), p => p.EndsWith("evil.txt"));
        var folder = Path.Combine(ModelsFolder, name);
        Assert.True(!Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any(p => Path.GetFileName(p) != ".download"),
            $"something was unpacked into {folder}");
    }
}
