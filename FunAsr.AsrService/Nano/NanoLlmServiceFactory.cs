using FunAsr.AsrService.Inference;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Nano;

/// <summary>Builds the LLM-path recognizer from the engine's registrations, for folders <see cref="NanoLlmModel.IsNanoLlmFolder"/> accepts.</summary>
public static class NanoLlmServiceFactory
{
    public static NanoLlmRecognizer Create(IServiceProvider services, string folder)
    {
        var inference = services.GetService<IOptions<InferenceOptions>>()?.Value;
        var batching = services.GetService<IOptions<BatchingOptions>>()?.Value ?? new BatchingOptions();
        var options = new NanoLlmOptions
        {
            IntraOpThreads = inference?.IntraOpThreads ?? 0,
            PreferQuantized = inference?.PreferQuantized ?? false,
            ExecutionProvider = inference?.ExecutionProvider ?? "cpu",
            CudaDeviceId = inference?.CudaDeviceId ?? 0,
            // Asr:Batching governs both engines: concurrent segments share LLM calls up to MaxBatchSize rows.
            MaxBatchRows = batching.Enabled ? batching.MaxBatchSize : 1,
        };
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return NanoLlmRecognizer.Load(folder, options, loggerFactory: loggers, time: services.GetService<TimeProvider>());
    }
}
