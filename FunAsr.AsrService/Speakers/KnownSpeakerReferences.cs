using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Speakers;

/// <summary>
/// OpenAI's <c>known_speaker_names[]</c> + <c>known_speaker_references[]</c>: a name per reference clip, each clip a data
/// URL (<c>data:audio/wav;base64,…</c>) of 2–10 s of that person alone, decoded like any upload and embedded.
/// </summary>
public sealed class KnownSpeakerReferences(IAudioDecoder decoder, DiarizationEngine engine, IOptions<DiarizationOptions> options)
{
    public const double MinSeconds = 2;
    public const double MaxSeconds = 10;

    // Clips measured a few samples off their nominal length (an encoder's padding) are still 2–10 s clips.
    private const double Tolerance = 0.05;

    public async Task<IReadOnlyList<KnownVoice>> ReadAsync(IReadOnlyList<string> names, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        if (names.Count == 0 && references.Count == 0)
        {
            return [];
        }

        if (names.Count != references.Count)
        {
            throw AsrException.Invalid("invalid_value",
                $"known_speaker_names[] ({names.Count}) and known_speaker_references[] ({references.Count}) must pair up one to one.", "known_speaker_names");
        }

        var limit = options.Value.MaxKnownSpeakers;
        if (names.Count > limit)
        {
            throw AsrException.Invalid("invalid_value", $"At most {limit} known speakers per request (got {names.Count}).", "known_speaker_names");
        }

        var cleaned = names.Select(n => VoiceLibraryName(n)).ToList();
        if (cleaned.GroupBy(n => n, StringComparer.CurrentCultureIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw AsrException.Invalid("invalid_value", $"known_speaker_names[] names '{twice.Key}' twice; each name needs one reference.", "known_speaker_names");
        }

        _ = engine.Diarizer;
        var voices = new List<KnownVoice>(names.Count);
        for (var i = 0; i < references.Count; i++)
        {
            var samples = await DecodeAsync(references[i], i, cancellationToken);
            var embedding = engine.EmbedVoice(samples)
                ?? throw AsrException.Invalid("invalid_reference", $"known_speaker_references[{i}] holds too little speech to recognise a voice.", "known_speaker_references");
            voices.Add(new KnownVoice(cleaned[i], [embedding]));
        }

        return voices;
    }

    private static string VoiceLibraryName(string name)
    {
        try
        {
            return VoiceLibrary.CheckName(name);
        }
        catch (AsrException ex)
        {
            throw AsrException.Invalid(ex.Code, ex.Message, "known_speaker_names");
        }
    }

    /// <summary>The embedding of one uploaded clip of a single voice (2–10 s), for naming a voice from a recording of it.</summary>
    public async Task<float[]> EmbedClipAsync(Stream clip, CancellationToken cancellationToken)
    {
        _ = engine.Diarizer;
        var samples = await DecodeAsync(clip, "the clip", "file", cancellationToken);
        return engine.EmbedVoice(samples)
            ?? throw AsrException.Invalid("invalid_reference", "The clip holds too little speech to recognise a voice.", "file");
    }

    private Task<float[]> DecodeAsync(string reference, int index, CancellationToken cancellationToken) =>
        DecodeAsync(new MemoryStream(DataUrl(reference, index), writable: false), $"known_speaker_references[{index}]", "known_speaker_references", cancellationToken);

    private async Task<float[]> DecodeAsync(Stream clip, string what, string param, CancellationToken cancellationToken)
    {
        DecodedAudio audio;
        try
        {
            audio = await decoder.DecodeAsync(clip, new AudioDecodeLimits
            {
                MaxDurationSeconds = MaxSeconds + 1,
                MaxDurationSetting = "known_speaker_references (2–10 s)",
            }, cancellationToken);
        }
        catch (AudioDecodeException ex)
        {
            throw AsrException.Invalid("invalid_reference", $"{Capital(what)} is not a 2–10 s audio clip: {ex.Message}", param);
        }

        var seconds = audio.Duration.TotalSeconds;
        if (seconds < MinSeconds - Tolerance || seconds > MaxSeconds + Tolerance)
        {
            throw AsrException.Invalid("invalid_reference",
                $"{Capital(what)} is {seconds:0.##} s long; reference clips must be {MinSeconds:0}–{MaxSeconds:0} s.", param);
        }

        return audio.Samples;
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The bytes of a base64 data URL (any audio media type ffmpeg reads).</summary>
    public static byte[] DataUrl(string reference, int index)
    {
        var text = reference.Trim();
        var comma = text.IndexOf(',');
        if (!text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0
            || !text[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw AsrException.Invalid("invalid_reference",
                $"known_speaker_references[{index}] must be a base64 data URL such as 'data:audio/wav;base64,…'.", "known_speaker_references");
        }

        try
        {
            return Convert.FromBase64String(text[(comma + 1)..]);
        }
        catch (FormatException)
        {
            throw AsrException.Invalid("invalid_reference", $"known_speaker_references[{index}] is not valid base64.", "known_speaker_references");
        }
    }
}
