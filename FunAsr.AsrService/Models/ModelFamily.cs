namespace FunAsr.AsrService.Models;

/// <summary>The export contracts the engine recognises from a model folder (shared/design/model-contracts.md).</summary>
public enum ModelFamily
{
    /// <summary>FunASR's SenseVoiceSmall export: speech/speech_lengths/language/textnorm → ctc_logits, am.mvn, tokens.json or the .bpe.model.</summary>
    SenseVoiceFunAsr,
    /// <summary>sherpa-onnx's SenseVoice export: x/x_length/language/text_norm → logits, CMVN in metadata, tokens.txt.</summary>
    SenseVoiceSherpa,
    /// <summary>sherpa-onnx's CTC-only Fun-ASR-Nano (sense_voice_ctc, "Nano"): x → logits [1,T,60515], base64 tokens.txt, no CMVN.</summary>
    FunAsrNanoCtc,
    /// <summary>sherpa-onnx / Wasser1462 Fun-ASR-Nano LLM: encoder_adaptor, embedding, llm in the KV-delta form, Qwen3-0.6B/ tokenizer.</summary>
    FunAsrNanoLlmKvDelta,
    /// <summary>ManySpeech Fun-ASR-(MLT-)Nano LLM: encoder_adaptor, embed, decoder with growing in_key_i/in_value_i caches.</summary>
    FunAsrNanoLlmManySpeech,
}

public static class ModelFamilyNames
{
    public static string Name(this ModelFamily family) => family switch
    {
        ModelFamily.SenseVoiceFunAsr => "sensevoice-funasr",
        ModelFamily.SenseVoiceSherpa => "sensevoice-sherpa-onnx",
        ModelFamily.FunAsrNanoCtc => "funasr-nano-ctc",
        ModelFamily.FunAsrNanoLlmKvDelta => "funasr-nano-llm",
        ModelFamily.FunAsrNanoLlmManySpeech => "funasr-nano-llm-manyspeech",
        _ => family.ToString(),
    };

    public static bool IsNanoLlm(this ModelFamily family) =>
        family is ModelFamily.FunAsrNanoLlmKvDelta or ModelFamily.FunAsrNanoLlmManySpeech;
}
