namespace FunAsr.AsrService.Transcription;

/// <summary>What changes the recognition (and so the cache key), separate from how the answer is rendered.</summary>
public sealed record TranscriptionSettings(string Model, string Language, bool Itn, IReadOnlyList<string> Hotwords)
{
    public string CacheFingerprint =>
        $"{Model}|{Language}|{(Itn ? "itn" : "noitn")}|{string.Join('\u001f', Hotwords)}";
}
