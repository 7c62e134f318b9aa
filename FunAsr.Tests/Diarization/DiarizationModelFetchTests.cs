using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunAsr.AsrService.Diarization;
using FunAsr.ModelFetch;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Models;
using ICSharpCode.SharpZipLib.BZip2;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Tests.Diarization;

/// <summary>
/// The manifest's diarization entries fetched with models/fetch from a loopback server that serves replicas of the
/// published files (the known-answer doubles under the real names and archive layout), then loaded and run.
/// </summary>
public sealed class DiarizationModelFetchTests : IAsyncLifetime
{
    private const string Segmentation = "sherpa-onnx-pyannote-segmentation-3-0";
    private const string Embedding = "3dspeaker_speech_campplus_sv_zh-cn_16k-common";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("funasr-diarization-fetch-");
    private readonly HttpClient _http = new();
    private ModelFileServer _server = null!;

    public async Task InitializeAsync() => _server = await ModelFileServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task The_manifest_entries_fetch_into_folders_the_diarizer_loads()
    {
        var manifest = ModelManifest.Load(Path.Combine(RepositoryPaths.Root, "models", "manifest.json"));
        Assert.Contains(manifest.Models, m => m.Family == "pyannote-segmentation");
        var embeddings = manifest.Models.Where(m => m.Family == "speaker-embedding").ToList();
        Assert.Contains(embeddings, m => m.Name.StartsWith("3dspeaker_"));
        Assert.Contains(embeddings, m => m.Name.StartsWith("wespeaker_"));
        Assert.Contains(embeddings, m => m.Name.StartsWith("nemo_"));
        // Each embedding entry saves the release asset under its own name, in a folder of that name.
        Assert.All(embeddings, m => Assert.Equal(m.Name + ".onnx", Assert.Single(m.Files).SaveAs));

        string local = WriteLoopbackManifest();
        string models = Path.Combine(_root.FullName, "models");
        foreach (string name in new[] { Segmentation, Embedding })
        {
            var error = new StringWriter();
            int exit = await FunAsr.ModelFetch.Program.RunAsync([name, "--allow-unpinned", "--manifest", local, "--dir", models], _http,
                new StringWriter(), error, progress: null, CancellationToken.None);
            Assert.True(exit == 0, error.ToString());
        }

        Assert.True(File.Exists(Path.Combine(models, Segmentation, "model.onnx")));
        Assert.True(File.Exists(Path.Combine(models, Embedding, Embedding + ".onnx")));
        var options = new DiarizationOptions
        {
            SegmentationModelPath = Path.Combine(models, Segmentation),
            EmbeddingModelPath = Path.Combine(models, Embedding),
        };
        using var diarizer = SpeakerDiarizer.Open(options, DiarizationFixtures.Inference, NullLoggerFactory.Instance);
        var result = diarizer.Diarize(DiarizationFixtures.Meeting);

        Assert.Equal(3, result.Speakers.Count);
        Assert.True(DiarizationErrorRate.Compute(DiarizationFixtures.MeetingReference, LabeledSegment.FromTurns(result.Turns)).Rate < 0.05);
    }

    // The committed manifest's two entries with their URLs pointed at replicas on the loopback server.
    private string WriteLoopbackManifest()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "models", "manifest.json")))!;
        var kept = new JsonArray();
        foreach (var model in root["models"]!.AsArray())
        {
            string name = model!["name"]!.GetValue<string>();
            if (name is not (Segmentation or Embedding))
            {
                continue;
            }

            var file = model["files"]![0]!;
            string asset = Path.GetFileName(new Uri(file["url"]!.GetValue<string>()).AbsolutePath);
            byte[] bytes = name == Segmentation ? SegmentationArchive() : File.ReadAllBytes(Path.Combine(DiarizationFixtures.Embedding("3d-speaker"), "kat-3d-speaker.onnx"));
            file["url"] = _server.Serve(asset, bytes);
            kept.Add(model.DeepClone());
        }

        string path = Path.Combine(_root.FullName, "manifest.json");
        File.WriteAllText(path, new JsonObject { ["models"] = kept }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    // The archive's layout: one top folder holding model.onnx (here the double) and its notices.
    private static byte[] SegmentationArchive()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, Segmentation + "/"));
            writer.WriteEntry(TestArchives.File(Segmentation + "/model.onnx", File.ReadAllBytes(Path.Combine(DiarizationFixtures.Segmentation, "model.onnx"))));
            writer.WriteEntry(TestArchives.File(Segmentation + "/LICENSE", "test double; see models/testing/diarization/README.md"u8.ToArray()));
            writer.WriteEntry(TestArchives.File(Segmentation + "/README.md", "replica of the sherpa-onnx archive layout"u8.ToArray()));
        }

        var packed = new MemoryStream();
        using (var bz = new BZip2OutputStream(packed) { IsStreamOwner = false })
        {
            bz.Write(tar.ToArray());
        }

        return packed.ToArray();
    }
}
