using FunAsr.AsrService.Vad;

namespace FunAsr.Tests.Vad;

public sealed class VadFactoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("funasr-vad-").FullName;

    [Fact]
    public void No_folder_or_no_vad_model_gives_the_energy_segmenter()
    {
        Assert.Equal(VadKind.Energy, VadFactory.Select(null));
        Assert.Equal(VadKind.Energy, VadFactory.Select(_folder));
        Assert.IsType<EnergyVoiceActivityDetector>(VadFactory.Create(_folder, new VadOptions()));
    }

    [Fact]
    public void Silero_model_is_picked_up()
    {
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx"), Path.Combine(_folder, "silero_vad.onnx"));

        Assert.Equal(VadKind.Silero, VadFactory.Select(_folder));
        using var vad = (SileroVoiceActivityDetector)VadFactory.Create(_folder, new VadOptions());
    }

    [Fact]
    public void Fsmn_is_preferred_when_both_are_present()
    {
        CopyFsmn(withMvn: true);
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx"), Path.Combine(_folder, "silero_vad.onnx"));

        Assert.Equal(VadKind.Fsmn, VadFactory.Select(_folder));
        using var vad = (FsmnVoiceActivityDetector)VadFactory.Create(_folder, new VadOptions());
    }

    [Fact]
    public void Fsmn_without_am_mvn_names_the_missing_file()
    {
        CopyFsmn(withMvn: false);

        var ex = Assert.Throws<FileNotFoundException>(() => VadFactory.Create(_folder, new VadOptions()));

        Assert.Contains("am.mvn", ex.Message);
    }

    [Fact]
    public void Corrupt_model_is_an_invalid_data_error_naming_the_file()
    {
        string path = Path.Combine(_folder, "silero_vad.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);

        var ex = Assert.Throws<InvalidDataException>(() => VadFactory.Create(_folder, new VadOptions()));

        Assert.Contains(path, ex.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void CopyFsmn(bool withMvn)
    {
        string target = Directory.CreateDirectory(Path.Combine(_folder, "fsmn-vad")).FullName;
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "model.onnx"), Path.Combine(target, "model.onnx"));
        if (withMvn)
        {
            File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "am.mvn"), Path.Combine(target, "am.mvn"));
        }
    }
}
