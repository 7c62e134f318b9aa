using FunAsr.AsrService.Nano;

namespace FunAsr.Tests.Nano;

public sealed class NanoModelFolderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nano-folder-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string CopyOfFp32()
    {
        foreach (var file in Directory.GetFiles(NanoFixtures.Fp32Folder))
        {
            File.Copy(file, Path.Combine(_dir.FullName, Path.GetFileName(file)));
        }

        return _dir.FullName;
    }

    [Fact]
    public void Detects_the_llm_export_folder()
    {
        Assert.True(NanoLlmModel.IsNanoLlmFolder(NanoFixtures.Fp32Folder));
        Assert.False(NanoLlmModel.IsNanoLlmFolder(_dir.FullName));
        Assert.False(NanoLlmModel.IsNanoLlmFolder(Path.Combine(_dir.FullName, "absent")));
    }

    [Fact]
    public void Loads_the_metadata_of_both_tiny_sets()
    {
        using var fp32 = NanoLlmModel.Load(NanoFixtures.Fp32Folder);
        using var fp16 = NanoLlmModel.Load(NanoFixtures.Fp16Folder);
        Assert.Equal((NanoIoType.Float32, NanoIoType.Float16), (fp32.IoType, fp16.IoType));
        Assert.Equal((7, 6, false), (fp32.LfrWindowSize, fp32.LfrWindowShift, fp32.NormalizeSamples));
        Assert.Equal((2, 2, 16, 64), (fp32.NumLayers, fp32.NumKvHeads, fp32.HeadDim, fp32.LlmDim));
        Assert.Equal(fp32.Tokenizer.Count, fp32.VocabSize);
    }

    [Fact]
    public void Missing_llm_is_named()
    {
        var folder = CopyOfFp32();
        File.Delete(Path.Combine(folder, "llm.onnx"));
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("has no llm.onnx", e.Message);
    }

    [Fact]
    public void Layer_count_that_disagrees_with_the_graph_is_named()
    {
        var folder = CopyOfFp32();
        File.Copy(Path.Combine(NanoFixtures.Root, "bad", "llm-layers-mismatch.onnx"), Path.Combine(folder, "llm.onnx"), overwrite: true);
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("num_layers=3 but the graph has 2 cache_key_i inputs", e.Message);
    }

    [Fact]
    public void Io_dtype_that_disagrees_with_the_graph_is_named()
    {
        var folder = CopyOfFp32();
        File.Copy(Path.Combine(NanoFixtures.Root, "bad", "llm-dtype-mismatch.onnx"), Path.Combine(folder, "llm.onnx"), overwrite: true);
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("input 'inputs_embeds' is Float; expected Float16 because metadata io_dtype is fp16", e.Message);
    }

    [Fact]
    public void Corrupt_onnx_is_named()
    {
        var folder = CopyOfFp32();
        File.WriteAllBytes(Path.Combine(folder, "embedding.onnx"), [1, 2, 3, 4, 5, 6, 7, 8]);
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("embedding.onnx' is not a loadable ONNX model", e.Message);
    }

    [Fact]
    public void Encoder_in_place_of_the_llm_is_named()
    {
        var folder = CopyOfFp32();
        File.Copy(Path.Combine(folder, "encoder_adaptor.onnx"), Path.Combine(folder, "llm.onnx"), overwrite: true);
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(folder));
        Assert.Contains("llm.onnx' has no metadata 'io_dtype'", e.Message);
    }

    [Fact]
    public void Missing_folder_is_named()
    {
        var e = Assert.Throws<NanoModelException>(() => NanoLlmModel.Load(Path.Combine(_dir.FullName, "nope")));
        Assert.Contains("does not exist", e.Message);
    }
}
