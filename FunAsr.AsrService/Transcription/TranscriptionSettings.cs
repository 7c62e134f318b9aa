namespace FunAsr.AsrService.Transcription;

/// <summary>What changes the recognition (and so the cache key), separate from how the answer is rendered.</summary>
public sealed record TranscriptionSettings(string Model, string Language, bool Itn, IReadOnlyList<string> Hotwords)
{
    /// <summary>What to mask in the transcript (<c>pii|pci|numbers|terms</c>), null for nothing; not part of the cache key (see Compliance/).</summary>
    public string? Redact { get; init; }

    /// <summary>The character a redacted span is written with instead of its label.</summary>
    public char? RedactMask { get; init; }

    /// <summary>Jobs: silence the redacted spans in the kept recording too (Compliance/AudioRedactor).</summary>
    public bool RedactAudio { get; init; }

    public string CacheFingerprint =>
        $"{Model}|{Language}|{(Itn ? "itn" : "noitn")}|{string.Join('\u001f', Hotwords)}";
}
