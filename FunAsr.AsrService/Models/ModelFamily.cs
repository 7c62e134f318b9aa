namespace FunAsr.AsrService.Models;

/// <summary>The export contracts the engine recognises from a model folder.</summary>
public enum ModelFamily
{
    /// <summary>FunASR's SenseVoiceSmall export: speech/speech_lengths/language/textnorm → ctc_logits, tokens.json, am.mvn.</summary>
    SenseVoiceFunAsr,
    /// <summary>sherpa-onnx's SenseVoice export: x/x_length/language/text_norm → logits, CMVN in metadata, tokens.txt.</summary>
    SenseVoiceSherpa,
    /// <summary>Fun-ASR-Nano / MLT-Nano CTC head (sherpa-onnx sense_voice_ctc, "Nano"): x → logits, base64 tokens.txt, no CMVN.</summary>
    FunAsrNanoCtc,
}

public static class ModelFamilyNames
{
    public static string Name(this ModelFamily family) => family switch
    {
        ModelFamily.SenseVoiceFunAsr => "sensevoice-funasr",
        ModelFamily.SenseVoiceSherpa => "sensevoice-sherpa-onnx",
        ModelFamily.FunAsrNanoCtc => "funasr-nano-ctc",
        _ => family.ToString(),
    };
}
