using System.Buffers.Binary;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Tests.Engine;

/// <summary>A speech engine over a model folder, built the way AddSpeechEngine builds it, for engine tests.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private EngineHarness(SpeechModel model, IAcousticRunner runner)
    {
        Model = model;
        Runner = runner;
        Recognizer = new SpeechRecognizer(model, runner, new SpeechEngineOptions { Path = model.Definition.FolderPath }, TimeProvider.System);
    }

    public SpeechModel Model { get; }

    public IAcousticRunner Runner { get; }

    public SpeechRecognizer Recognizer { get; }

    public DynamicBatcher? Batcher => Runner as DynamicBatcher;

    public static EngineHarness Create(string? modelPath = null, BatchingOptions? batching = null, int threads = 1)
    {
        var model = SpeechModelLoader.Load(modelPath ?? Infrastructure.RepositoryPaths.KnownAnswerModel,
            new InferenceOptions { IntraOpThreads = threads }, NullLogger.Instance);
        var acoustic = new AcousticModel(model);
        IAcousticRunner runner = batching is null
            ? new DirectAcousticRunner(acoustic, 8)
            : new DynamicBatcher(acoustic, batching, TimeProvider.System, NullLogger<DynamicBatcher>.Instance);
        return new EngineHarness(model, runner);
    }

    /// <summary>The whole clip as one segment.</summary>
    public Task<RecognitionResult> RecognizeAsync(float[] samples, RecognitionOptions? options = null, CancellationToken cancellationToken = default) =>
        Recognizer.RecognizeAsync(new AudioClip(samples), options ?? new RecognitionOptions(), cancellationToken);

    /// <summary>The clip cut by <paramref name="vad"/> first, as the transcription pipeline hands audio to the engine.</summary>
    public Task<RecognitionResult> RecognizeSegmentedAsync(float[] samples, IVoiceActivityDetector vad, RecognitionOptions? options = null) =>
        Recognizer.RecognizeAsync(new AudioClip(samples) { Segments = vad.Detect(samples, CancellationToken.None) },
            options ?? new RecognitionOptions(), CancellationToken.None);

    /// <summary>16-bit PCM mono WAV at 16 kHz → samples (the audio decoder's job in the service; enough for tone words here).</summary>
    public static float[] ReadPcm16Wav(byte[] wav)
    {
        var span = wav.AsSpan();
        Assert.Equal("RIFF"u8.ToArray(), span[..4].ToArray());
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(span[20..]));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(span[22..]));
        Assert.Equal(16_000, BinaryPrimitives.ReadInt32LittleEndian(span[24..]));
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[40..]);
        var samples = new float[length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(span[(44 + 2 * i)..]) / 32768f;
        }

        return samples;
    }

    public async ValueTask DisposeAsync()
    {
        if (Runner is DynamicBatcher batcher)
        {
            await batcher.DisposeAsync();
        }

        Model.Dispose();
    }
}
