using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Speakers;

/// <summary>
/// Names a diarized transcript's speakers after known voices: the request's reference clips first, then the tenant's
/// library (a library voice whose name a reference already uses is left out). Speakers and voices are matched one to
/// one (<see cref="HungarianAlgorithm"/>, the most matches above <see cref="DiarizationOptions.VoiceMatchThreshold"/>,
/// then the most similar); a speaker matches a voice by its closest sample. Unmatched speakers keep their letters.
/// </summary>
public sealed class SpeakerNamer(VoiceprintStore voiceprints, VoiceLibrary library, DiarizationEngine engine, IOptions<DiarizationOptions> options)
{
    /// <summary>Keeps a freshly diarized transcript's voiceprints so its speakers can be named later.</summary>
    public Task KeepVoiceprintsAsync(Transcript transcript) =>
        transcript.Voiceprints is { Count: > 0 } kept ? voiceprints.KeepAsync(kept, engine.EmbeddingModelKey) : Task.CompletedTask;

    /// <summary>A freshly diarized transcript's voiceprints kept, then its speakers named (jobs, live sessions).</summary>
    public async Task<Transcript> KeepAndNameAsync(Transcript transcript, string? tenant, IReadOnlyList<KnownVoice>? references = null)
    {
        await KeepVoiceprintsAsync(transcript);
        return await NameAsync(transcript, tenant, references ?? []);
    }

    public async Task<Transcript> NameAsync(Transcript transcript, string? tenant, IReadOnlyList<KnownVoice> references)
    {
        if (transcript.Speakers is not { Count: > 0 } speakers)
        {
            return transcript;
        }

        using var activity = AsrTelemetry.StartStage("speakers.name");
        var modelKey = engine.EmbeddingModelKey;
        var vectors = transcript.Voiceprints is { } inMemory
            ? new Dictionary<string, float[]>(inMemory)
            : await voiceprints.GetAsync([.. speakers.Select(s => s.Voiceprint).OfType<string>()], modelKey);
        var candidates = references.ToList();
        if (tenant is not null)
        {
            var taken = references.Select(r => r.Name).ToHashSet(StringComparer.CurrentCultureIgnoreCase);
            candidates.AddRange((await library.CandidatesAsync(tenant, modelKey)).Where(v => !taken.Contains(v.Name)));
        }

        activity?.SetTag("diarization.speakers", speakers.Count);
        activity?.SetTag("diarization.known_voices", candidates.Count);
        var matches = Match(speakers.Select(s => s.Voiceprint is { } id ? vectors.GetValueOrDefault(id) : null).ToList(), candidates, options.Value.VoiceMatchThreshold);
        activity?.SetTag("diarization.named", matches.Count(m => m is not null));
        var named = speakers.Select((s, i) => matches[i] is { } m
            ? s with { Name = candidates[m.Voice].Name, Similarity = Math.Round(m.Similarity, 4) }
            : s with { Name = null, Similarity = null }).ToList();
        return transcript with { Speakers = named };
    }

    /// <summary>For each speaker, the voice it is named after and their similarity, or null.</summary>
    public static IReadOnlyList<(int Voice, double Similarity)?> Match(IReadOnlyList<float[]?> speakers, IReadOnlyList<KnownVoice> voices, double threshold)
    {
        var result = new (int, double)?[speakers.Count];
        if (speakers.Count == 0 || voices.Count == 0)
        {
            return result;
        }

        var similarity = new double[speakers.Count, voices.Count];
        var cost = new double[speakers.Count, voices.Count];
        for (var s = 0; s < speakers.Count; s++)
        {
            for (var v = 0; v < voices.Count; v++)
            {
                var best = speakers[s] is { } vector ? voices[v].Samples.Select(sample => VoiceVectors.Cosine(vector, sample)).Where(double.IsFinite).DefaultIfEmpty(-1).Max() : -1;
                similarity[s, v] = best;
                // Matches above the threshold are worth more than any sum of similarities, so the count is maximised first.
                cost[s, v] = best >= threshold ? -(1 + best) : 0;
            }
        }

        var assigned = HungarianAlgorithm.Solve(cost);
        for (var s = 0; s < speakers.Count; s++)
        {
            if (assigned[s] is var v and >= 0 && similarity[s, v] >= threshold)
            {
                result[s] = (v, similarity[s, v]);
            }
        }

        return result;
    }
}
