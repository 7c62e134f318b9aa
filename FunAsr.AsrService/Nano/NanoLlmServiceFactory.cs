using FunAsr.AsrService.Inference;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Nano;

/// <summary>Builds the LLM-path recognizer from the engine's registrations, for folders <see cref="NanoLlmModel.IsNanoLlmFolder"/> accepts.</summary>
public static class NanoLlmServiceFactory
{
    public static NanoLlmRecognizer Create(IServiceProvider services, string folder)
    {
        var inference = services.GetService<IOptions<InferenceOptions>>()?.Value;
        var options = new NanoLlmOptions
        {
            IntraOpThreads = inference?.IntraOpThreads ?? 0,
            PreferQuantized = inference?.PreferQuantized ?? false,
        };
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return NanoLlmRecognizer.Load(folder, options, loggerFactory: loggers, time: services.GetService<TimeProvider>());
    }
}
