using System.Globalization;

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
    /// <summary>Who spoke when, and whose voices name the speakers; null: not diarized.</summary>
    public DiarizationSettings? Diarization { get; init; }

    public string CacheFingerprint =>
        $"{Model}|{Language}|{(Itn ? "itn" : "noitn")}|{string.Join('\u001f', Hotwords)}{Diarization?.Fingerprint}";
}

/// <summary>
/// A request to diarize: pyannote's num/min/max speakers, and the tenant whose named voices label the speakers
/// (<see cref="VoiceTenant"/>; names are applied after the cache, so it is not part of the key).
/// </summary>
public sealed record DiarizationSettings(int? NumSpeakers, int? MinSpeakers, int? MaxSpeakers, string? VoiceTenant)
{
    public string Fingerprint => string.Create(CultureInfo.InvariantCulture, $"|diarize:{NumSpeakers}:{MinSpeakers}:{MaxSpeakers}");
}
