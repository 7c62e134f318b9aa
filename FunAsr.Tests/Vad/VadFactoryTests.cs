using FunAsr.AsrService.Vad;

namespace FunAsr.Tests.Vad;

/// <summary>Where the service finds its VAD: Asr:Vad:Path, the model folder, models fetched beside it, the bundled Silero.</summary>
public sealed class VadFactoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("funasr-vad-").FullName;

    private string Models => Directory.CreateDirectory(Path.Combine(_root, "models")).FullName;

    private string ModelFolder => Directory.CreateDirectory(Path.Combine(Models, "sherpa-sensevoice-int8-2024-07-17")).FullName;

    private VadChoice Select(VadOptions? options = null, bool testModel = false) =>
        VadFactory.Select(options ?? new VadOptions(), ModelFolder, testModel, _root);

    [Fact]
    public void With_nothing_configured_or_fetched_the_bundled_silero_v5_1_2_runs()
    {
        var choice = Select();

        Assert.Equal(VadKind.Silero, choice.Kind);
        Assert.EndsWith(Path.Combine("silero-vad-v5.1.2", "silero_vad_v5.onnx"), choice.ModelPath);
        Assert.True(VadFactory.HasBundledSum(choice.ModelPath!));
        Assert.Contains("bundled", choice.Reason);
        using var vad = Assert.IsType<SileroVoiceActivityDetector>(VadFactory.Create(choice, new VadOptions()));
    }

    [Fact]
    public void The_known_answer_test_model_keeps_the_energy_segmenter()
    {
        var choice = Select(testModel: true);

        Assert.Equal(VadKind.Energy, choice.Kind);
        Assert.IsType<EnergyVoiceActivityDetector>(VadFactory.Create(choice, new VadOptions()));
    }

    [Fact]
    public void Fsmn_vad_fetched_into_models_is_found_beside_the_speech_model()
    {
        // models/fetch fsmn-vad-funasr lands model.onnx, am.mvn, config.yaml in models/fsmn-vad-funasr/.
        var fetched = Directory.CreateDirectory(Path.Combine(Models, "fsmn-vad-funasr")).FullName;
        foreach (var file in new[] { "model.onnx", "am.mvn", "config.yaml" })
        {
            File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", file), Path.Combine(fetched, file));
        }

        var silero = Directory.CreateDirectory(Path.Combine(Models, "silero-vad-v5")).FullName;
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx"), Path.Combine(silero, "silero_vad.onnx"));

        var choice = Select();

        Assert.Equal(VadKind.Fsmn, choice.Kind);
        Assert.Equal(Path.Combine(fetched, "model.onnx"), choice.ModelPath);
        Assert.Contains("fetched into", choice.Reason);
        using var vad = Assert.IsType<FsmnVoiceActivityDetector>(VadFactory.Create(choice, new VadOptions()));
    }

    [Fact]
    public void Silero_fetched_into_models_is_found()
    {
        var silero = Directory.CreateDirectory(Path.Combine(Models, "silero-vad-v5")).FullName;
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx"), Path.Combine(silero, "silero_vad.onnx"));

        var choice = Select();

        Assert.Equal((VadKind.Silero, Path.Combine(silero, "silero_vad.onnx")), (choice.Kind, choice.ModelPath));
    }

    [Fact]
    public void A_sensevoice_folder_beside_the_model_is_not_taken_for_fsmn_vad()
    {
        var other = Directory.CreateDirectory(Path.Combine(Models, "sensevoice-small-funasr-int8")).FullName;
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "model.onnx"), Path.Combine(other, "model.onnx"));
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "am.mvn"), Path.Combine(other, "am.mvn"));
        File.WriteAllText(Path.Combine(other, "tokens.json"), "[]");

        Assert.Contains("bundled", Select().Reason);
    }

    [Fact]
    public void A_vad_in_the_model_folder_wins_over_fetched_ones_and_fsmn_over_silero()
    {
        Directory.CreateDirectory(Path.Combine(Models, "silero-vad-v5"));
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx"), Path.Combine(Models, "silero-vad-v5", "silero_vad.onnx"));
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx"), Path.Combine(ModelFolder, "silero_vad.onnx"));
        Assert.Equal((VadKind.Silero, Path.Combine(ModelFolder, "silero_vad.onnx")), (Select().Kind, Select().ModelPath));

        CopyFsmn(withMvn: true);
        var choice = Select();
        Assert.Equal(VadKind.Fsmn, choice.Kind);
        Assert.Contains("model folder", choice.Reason);
    }

    [Fact]
    public void Asr_vad_path_names_a_file_a_folder_or_energy()
    {
        var file = Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx");
        Assert.Equal((VadKind.Silero, file), (Select(new VadOptions { Path = file }).Kind, Select(new VadOptions { Path = file }).ModelPath));
        Assert.Equal(VadKind.Fsmn, Select(new VadOptions { Path = Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad") }).Kind);
        Assert.Equal(VadKind.Energy, Select(new VadOptions { Path = "energy" }).Kind);
        // An explicit path wins over the test model's energy default too.
        Assert.Equal(VadKind.Silero, VadFactory.Select(new VadOptions { Path = file }, ModelFolder, isTestModel: true, _root).Kind);
    }

    [Fact]
    public void Asr_vad_path_that_names_nothing_usable_is_an_error_naming_it()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Select(new VadOptions { Path = Path.Combine(_root, "nope") }));

        Assert.Contains("Asr:Vad:Path", ex.Message);
        Assert.Contains("nope", ex.Message);
    }

    [Fact]
    public void Fsmn_without_am_mvn_names_the_missing_file()
    {
        CopyFsmn(withMvn: false);

        var ex = Assert.Throws<FileNotFoundException>(() => VadFactory.Create(Select(), new VadOptions()));

        Assert.Contains("am.mvn", ex.Message);
    }

    [Fact]
    public void Corrupt_model_is_an_invalid_data_error_naming_the_file()
    {
        string path = Path.Combine(ModelFolder, "silero_vad.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);

        var ex = Assert.Throws<InvalidDataException>(() => VadFactory.Create(Select(), new VadOptions()));

        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void A_bundled_file_with_another_sum_is_refused()
    {
        string path = Path.Combine(_root, "silero_vad_v5.onnx");
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx"), path);

        Assert.False(VadFactory.HasBundledSum(path));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void CopyFsmn(bool withMvn)
    {
        string target = Directory.CreateDirectory(Path.Combine(ModelFolder, "fsmn-vad")).FullName;
        File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "model.onnx"), Path.Combine(target, "model.onnx"));
        if (withMvn)
        {
            File.Copy(Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "am.mvn"), Path.Combine(target, "am.mvn"));
        }
    }
}
