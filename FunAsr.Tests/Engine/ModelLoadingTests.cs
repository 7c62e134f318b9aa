using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Tests.Engine;

public sealed class ModelLoadingTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("funasr-model-");

    [Fact]
    public void The_known_answer_folder_is_detected_as_a_funasr_sensevoice_export()
    {
        using var model = Load(RepositoryPaths.KnownAnswerModel);

        var definition = model.Definition;
        Assert.Equal(ModelFamily.SenseVoiceFunAsr, definition.Family);
        Assert.Equal(new ModelSignature("speech", "speech_lengths", "language", "textnorm", "ctc_logits", "encoder_out_lens"), definition.Signature);
        Assert.Equal(4, definition.PrefixFrames);
        Assert.Equal(0, definition.BlankId);
        Assert.Equal(560, definition.FeatureDimension);
        Assert.True(definition.SnipEdges);
        Assert.Equal(560, model.Cmvn!.Dimension);
        Assert.Equal("<blank>", model.Tokens[0]);
        Assert.Equal("cpu", model.ExecutionProvider);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var path = Path.Combine(_scratch.FullName, "nowhere");

        var error = Assert.Throws<ModelLoadException>(() => Load(path));

        Assert.Equal(ModelLoadFailure.MissingFolder, error.Failure);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("tokens.json")]
    [InlineData("am.mvn")]
    [InlineData("model.onnx")]
    public void A_missing_file_is_named(string file)
    {
        var folder = CopyKnownAnswer();
        File.Delete(Path.Combine(folder, file));

        var error = Assert.Throws<ModelLoadException>(() => Load(folder));

        Assert.Equal(ModelLoadFailure.MissingFile, error.Failure);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void A_corrupt_onnx_file_is_a_corrupt_model_error()
    {
        var folder = CopyKnownAnswer();
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 251))]);

        var error = Assert.Throws<ModelLoadException>(() => Load(folder));

        Assert.Equal(ModelLoadFailure.CorruptModel, error.Failure);
        Assert.Contains("model.onnx", error.Message);
    }

    [Fact]
    public void A_truncated_onnx_file_is_a_corrupt_model_error()
    {
        var folder = CopyKnownAnswer();
        var path = Path.Combine(folder, "model.onnx");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ModelLoadException>(() => Load(folder));

        Assert.Equal(ModelLoadFailure.CorruptModel, error.Failure);
    }

    [Fact]
    public void A_token_table_that_does_not_match_the_logits_is_refused()
    {
        var folder = CopyKnownAnswer();
        File.WriteAllText(Path.Combine(folder, "tokens.json"), """["<blank>", "a", "b"]""");

        var error = Assert.Throws<ModelLoadException>(() => Load(folder));

        Assert.Equal(ModelLoadFailure.InvalidContents, error.Failure);
        Assert.Contains("3 tokens", error.Message);
    }

    [Fact]
    public void A_broken_am_mvn_is_refused_with_its_name()
    {
        var folder = CopyKnownAnswer();
        File.WriteAllText(Path.Combine(folder, "am.mvn"), "<Nnet>\n</Nnet>\n");

        var error = Assert.Throws<ModelLoadException>(() => Load(folder));

        Assert.Equal(ModelLoadFailure.InvalidContents, error.Failure);
        Assert.Contains("am.mvn", error.Message);
    }

    [Fact]
    public void Asking_for_cuda_on_the_cpu_runtime_falls_back_to_cpu()
    {
        var logger = new CollectingLogger();

        using var model = SpeechModelLoader.Load(RepositoryPaths.KnownAnswerModel, new InferenceOptions { ExecutionProvider = "cuda" }, logger);

        Assert.Equal("cpu", model.ExecutionProvider);
        Assert.Single(logger.Lines, line => line.Contains("CUDA execution provider unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void Asking_for_cuda_on_the_cpu_runtime_loads_nano_on_cpu_with_one_log_line()
    {
        var logger = new CollectingLogger();
        var folder = Path.Combine(RepositoryPaths.Root, "models", "testing", "replicas", "sherpa-funasr-nano-int8-2025-12-30");

        using var model = FunAsr.AsrService.Nano.NanoLlmModel.Load(folder, new FunAsr.AsrService.Nano.NanoLlmOptions { ExecutionProvider = "cuda" }, logger);

        Assert.Single(logger.Lines, line => line.Contains("CUDA execution provider unavailable", StringComparison.Ordinal));
        Assert.True(model.NumLayers > 0, "the model loaded on CPU");
    }

    private static SpeechModel Load(string path) =>
        SpeechModelLoader.Load(path, new InferenceOptions { IntraOpThreads = 1 }, NullLogger.Instance);

    private string CopyKnownAnswer()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_scratch.FullName, Guid.NewGuid().ToString("N"))).FullName;
        foreach (var file in Directory.GetFiles(RepositoryPaths.KnownAnswerModel))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    private sealed class CollectingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
