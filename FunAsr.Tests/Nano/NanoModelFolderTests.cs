using FunAsr.AsrService.Models;
using FunAsr.AsrService.Nano;

namespace FunAsr.Tests.Nano;

public sealed class NanoModelFolderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nano-folder-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string CopyOf(string replica)
    {
        var source = NanoFixtures.Folder(replica);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_dir.FullName, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return _dir.FullName;
    }

    [Theory]
    [InlineData(NanoFixtures.SherpaInt8, ModelFamily.FunAsrNanoLlmKvDelta, "llm.int8.onnx")]
    [InlineData(NanoFixtures.SherpaFp16, ModelFamily.FunAsrNanoLlmKvDelta, "llm.fp16.onnx")]
    [InlineData(NanoFixtures.SherpaFp32, ModelFamily.FunAsrNanoLlmKvDelta, "llm.fp32.onnx")]
    [InlineData(NanoFixtures.ManySpeechMlt, ModelFamily.FunAsrNanoLlmManySpeech, "decoder.int8.onnx")]
    [InlineData(NanoFixtures.ManySpeechNano, ModelFamily.FunAsrNanoLlmManySpeech, "decoder.int8.onnx")]
    public void The_detector_places_each_archive_as_it_unpacks(string replica, ModelFamily family, string decoder)
    {
        var layout = Assert.IsType<NanoLlmLayout>(ModelFamilyDetector.Detect(NanoFixtures.Folder(replica), preferQuantized: false));
        Assert.Equal(family, layout.Family);
        Assert.Equal(decoder, Path.GetFileName(layout.DecoderPath));
        Assert.True(NanoLlmModel.IsNanoLlmFolder(NanoFixtures.Folder(replica)));
        Assert.Equal(family == ModelFamily.FunAsrNanoLlmKvDelta ? "Qwen3-0.6B" : replica, Path.GetFileName(layout.TokenizerFolder));
    }

    [Fact]
    public void The_fp32_archive_loads_its_external_weights()
    {
        Assert.True(File.Exists(Path.Combine(NanoFixtures.Fp32Folder, "llm.fp32.data")));
        using var model = NanoLlmModel.Load(NanoFixtures.Fp32Folder);
        Assert.Equal((7, 6, false), (model.LfrWindowSize, model.LfrWindowShift, model.NormalizeSamples));
        Assert.Equal((2, 32), (model.NumLayers, model.LlmDim));
        Assert.True(model.Tokenizer.Count < model.VocabSize, "Qwen3's lm_head is wider than its tokenizer");
        Assert.False(model.Multilingual);
    }

    [Fact]
    public void An_empty_folder_gets_one_message_with_what_it_has_and_what_each_family_needs()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "notes.txt"), "x");
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "sub"));
        var e = Assert.Throws<ModelLoadException>(() => ModelFamilyDetector.Detect(_dir.FullName, false));
        // No .onnx at all is a missing file; the message still lists what the folder has and what each family needs.
        Assert.Equal(ModelLoadFailure.MissingFile, e.Failure);
        Assert.Contains("it holds no .onnx file", e.Message);
        Assert.Contains("It has: notes.txt, sub/", e.Message);
        foreach (var requirement in ModelFamilyDetector.FamilyRequirements)
        {
            Assert.Contains(requirement, e.Message);
        }

        Assert.False(NanoLlmModel.IsNanoLlmFolder(_dir.FullName));
        Assert.False(NanoLlmModel.IsNanoLlmFolder(Path.Combine(_dir.FullName, "absent")));
    }

    [Fact]
    public void A_sherpa_folder_without_its_tokenizer_says_so()
    {
        var folder = CopyOf(NanoFixtures.SherpaInt8);
        Directory.Delete(Path.Combine(folder, "Qwen3-0.6B"), recursive: true);
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("no Qwen3 tokenizer", e.Message);
        Assert.Contains("It has: README.md, embedding.int8.onnx, encoder_adaptor.int8.onnx, llm.int8.onnx, test_wavs/", e.Message);
    }

    [Fact]
    public void A_missing_llm_leaves_a_folder_no_family_matches()
    {
        var folder = CopyOf(NanoFixtures.SherpaInt8);
        File.Delete(Path.Combine(folder, "llm.int8.onnx"));
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("match no family's names", e.Message);
        Assert.Contains("llm[.int8|.fp16|.fp32].onnx", e.Message);
    }

    [Fact]
    public void Layer_count_metadata_that_disagrees_with_the_graph_is_named()
    {
        var folder = CopyOf(NanoFixtures.SherpaInt8);
        SetMetadata(Path.Combine(folder, "llm.int8.onnx"), "num_layers", "3");
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("num_layers=3 but the graph has 2 cache_key_i inputs", e.Message);
    }

    [Fact]
    public void Io_dtype_metadata_is_not_what_decides_the_cache_type()
    {
        // Every published variant says io_dtype=float32; the fp16 archive's caches are float16 all the same.
        var folder = CopyOf(NanoFixtures.SherpaFp16);
        SetMetadata(Path.Combine(folder, "llm.fp16.onnx"), "io_dtype", "float16");
        using var model = NanoLlmModel.Load(folder);
        Assert.Equal("float16", model.CacheType);
    }

    [Fact]
    public void Corrupt_onnx_is_named()
    {
        var folder = CopyOf(NanoFixtures.SherpaInt8);
        File.WriteAllBytes(Path.Combine(folder, "embedding.int8.onnx"), [1, 2, 3, 4, 5, 6, 7, 8]);
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("embedding.int8.onnx' is not a loadable ONNX model", e.Message);
    }

    [Fact]
    public void Encoder_in_place_of_the_llm_is_named()
    {
        var folder = CopyOf(NanoFixtures.SherpaInt8);
        File.Copy(Path.Combine(folder, "encoder_adaptor.int8.onnx"), Path.Combine(folder, "llm.int8.onnx"), overwrite: true);
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("llm.int8.onnx' metadata model_type is 'sense_voice_encoder_adaptor'", e.Message);
    }

    [Fact]
    public void Missing_folder_is_named()
    {
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(Path.Combine(_dir.FullName, "nope")));
        Assert.Contains("does not exist", e.Message);
    }

    /// <summary>
    /// Replaces one metadata_props value in an ONNX file with one of the same length, in place: the entry is
    /// StringStringEntryProto bytes 0A len key 12 len value, so nothing else moves.
    /// </summary>
    private static void SetMetadata(string path, string key, string value)
    {
        var bytes = File.ReadAllBytes(path);
        var keyBytes = System.Text.Encoding.UTF8.GetBytes(key);
        byte[] head = [0x0A, (byte)keyBytes.Length, .. keyBytes, 0x12];
        var at = bytes.AsSpan().IndexOf(head);
        Assert.True(at >= 0, $"{key} not in {path}");
        var length = bytes[at + head.Length];
        var replacement = System.Text.Encoding.UTF8.GetBytes(value);
        Assert.Equal(length, replacement.Length);
        replacement.CopyTo(bytes, at + head.Length + 1);
        File.WriteAllBytes(path, bytes);
    }
}
