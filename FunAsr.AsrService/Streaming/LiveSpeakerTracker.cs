using System.Numerics.Tensors;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Transcription;

namespace FunAsr.AsrService.Streaming;

/// <summary>Who said one final: the speaker's letter, its name when it matches a named voice, and whether this utterance opened it.</summary>
public sealed record LiveSpeakerAssignment(string Speaker, string? Name, bool Opened, double Similarity);

/// <summary>
/// Online speaker assignment for one stream, as online diarizers do it (diart's incremental clustering, sherpa-onnx's
/// speaker-identification examples): an utterance's unit embedding goes to the speaker whose centroid is nearest by
/// cosine distance when that distance is at most the threshold; otherwise it opens a new speaker while fewer than the
/// maximum are open, and past the maximum the nearest takes it. A centroid is the running mean of its utterances'
/// embeddings, re-normalised. Speakers are lettered A, B, … in the order they open, as a diarized upload letters them,
/// and named after the tenant's voices by the upload's one matching rule (<see cref="SpeakerNamer.Match"/>), redone
/// whenever a centroid moves. Each speaker costs two vectors, so a stream's memory is bounded by the maximum.
/// Decisions are final: unlike offline clustering, an early utterance is never moved to a speaker found later.
/// </summary>
public sealed class LiveSpeakerTracker(double threshold, int maxSpeakers, IReadOnlyList<KnownVoice> voices, double voiceMatchThreshold)
{
    private readonly List<Speaker> _speakers = [];
    private IReadOnlyList<(int Voice, double Similarity)?> _names = [];

    public int Count => _speakers.Count;

    /// <summary>Assigns one utterance (its unit embedding and seconds of speech) and updates that speaker's centroid.</summary>
    public LiveSpeakerAssignment Assign(float[] embedding, double seconds)
    {
        int nearest = -1;
        double similarity = double.NegativeInfinity;
        for (int i = 0; i < _speakers.Count; i++)
        {
            double candidate = VoiceVectors.Cosine(_speakers[i].Centroid, embedding);
            if (candidate > similarity)
            {
                (nearest, similarity) = (i, candidate);
            }
        }

        bool opened = nearest < 0 || (1 - similarity > threshold && _speakers.Count < maxSpeakers);
        if (opened)
        {
            _speakers.Add(new Speaker(embedding));
            (nearest, similarity) = (_speakers.Count - 1, 1);
        }
        else
        {
            _speakers[nearest].Add(embedding);
        }

        _speakers[nearest].Seconds += seconds;
        if (voices.Count > 0)
        {
            _names = SpeakerNamer.Match([.. _speakers.Select(s => s.Centroid)], voices, voiceMatchThreshold);
        }

        return new LiveSpeakerAssignment(SpeakerLabels.Letter(nearest), NameOf(nearest), opened, similarity);
    }

    /// <summary>
    /// The speakers as a diarized transcript lists them, each with its centroid as its voiceprint, so a saved live
    /// session's speakers can be named in the library like an upload's.
    /// </summary>
    public (IReadOnlyList<TranscriptSpeaker> Speakers, IReadOnlyDictionary<string, float[]> Voiceprints) Snapshot()
    {
        var speakers = new List<TranscriptSpeaker>(_speakers.Count);
        var voiceprints = new Dictionary<string, float[]>(_speakers.Count);
        for (int i = 0; i < _speakers.Count; i++)
        {
            var speaker = _speakers[i];
            voiceprints[speaker.Voiceprint] = (float[])speaker.Centroid.Clone();
            var match = i < _names.Count ? _names[i] : null;
            speakers.Add(new TranscriptSpeaker(SpeakerLabels.Letter(i), NameOf(i), Math.Round(speaker.Seconds, 3), speaker.Voiceprint)
            {
                Similarity = match is { } m ? Math.Round(m.Similarity, 4) : null,
            });
        }

        return (speakers, voiceprints);
    }

    private string? NameOf(int speaker) => speaker < _names.Count && _names[speaker] is { } match ? voices[match.Voice].Name : null;

    private sealed class Speaker(float[] first)
    {
        private readonly float[] _sum = (float[])first.Clone();

        public float[] Centroid { get; } = (float[])first.Clone();

        public string Voiceprint { get; } = "vp_" + Guid.NewGuid().ToString("N");

        public double Seconds { get; set; }

        public void Add(float[] embedding)
        {
            TensorPrimitives.Add(_sum, embedding, _sum);
            float norm = TensorPrimitives.Norm(_sum);
            TensorPrimitives.Multiply(_sum, norm > 0 ? 1f / norm : 0f, Centroid);
        }
    }
}
