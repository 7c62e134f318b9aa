using FunAsr.AsrService.Inference;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Nano;

/// <summary>Builds the LLM-path recognizer from the engine's registrations, for folders <see cref="NanoLlmModel.IsNanoLlmFolder"/> accepts.</summary>
public static class NanoLlmServiceFactory
{
    public static NanoLlmRecognizer Create(IServiceProvider services, string folder)
    {
        var inference = services.GetService<IOptions<InferenceOptions>>()?.Value;
        var options = new NanoLlmOptions { IntraOpThreads = inference?.IntraOpThreads ?? 0 };
        var model = NanoLlmModel.Load(folder, options);
        var loggers = services.GetRequiredService<ILoggerFactory>();
        loggers.CreateLogger<NanoLlmRecognizer>().LogInformation(
            "Loaded {Family} from {Folder}: {Layers} layers, io {IoType}, max_total_len {MaxTotal}, vocab {Vocab}",
            NanoLlmRecognizer.FamilyName, folder, model.NumLayers, model.IoType, model.MaxTotalLength, model.VocabSize);
        return new NanoLlmRecognizer(
            model, options, new NanoFbankFeatures(model), loggers.CreateLogger<NanoLlmRecognizer>(),
            services.GetService<TimeProvider>());
    }
}
