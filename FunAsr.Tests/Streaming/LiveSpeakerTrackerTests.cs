using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Streaming;

namespace FunAsr.Tests.Streaming;

/// <summary>The online assignment on hand-made unit vectors: nearest centroid under the threshold, new speakers up to the maximum, names.</summary>
public sealed class LiveSpeakerTrackerTests
{
    private static float[] Unit(params float[] values)
    {
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return [.. values.Select(v => v / norm)];
    }

    [Fact]
    public void Near_utterances_join_a_speaker_far_ones_open_the_next_letter_and_the_maximum_sends_the_rest_to_the_nearest()
    {
        var tracker = new LiveSpeakerTracker(threshold: 0.5, maxSpeakers: 2, voices: [], voiceMatchThreshold: 0.6);

        var first = tracker.Assign(Unit(1, 0, 0), 2);
        var again = tracker.Assign(Unit(1, 0.2f, 0), 1.5);
        var second = tracker.Assign(Unit(0, 1, 0), 3);
        // Past the maximum a third voice goes to whichever centroid is nearest, however far.
        var third = tracker.Assign(Unit(0, 0.3f, 1), 1);

        Assert.Equal(("A", true), (first.Speaker, first.Opened));
        Assert.Equal(("A", false), (again.Speaker, again.Opened));
        Assert.InRange(again.Similarity, 0.97, 0.99);
        Assert.Equal(("B", true), (second.Speaker, second.Opened));
        Assert.Equal(("B", false), (third.Speaker, third.Opened));
        Assert.Equal(2, tracker.Count);

        var (speakers, voiceprints) = tracker.Snapshot();
        Assert.Equal(["A", "B"], speakers.Select(s => s.Id));
        Assert.Equal([3.5, 4.0], speakers.Select(s => s.SpeechSeconds));
        // A's centroid is the re-normalised mean of its two utterances.
        var a = voiceprints[speakers[0].Voiceprint!];
        var mean = Unit(Unit(1, 0, 0)[0] + Unit(1, 0.2f, 0)[0], Unit(1, 0.2f, 0)[1], 0);
        Assert.Equal(mean, a, (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void A_speaker_matching_a_named_voice_carries_its_name_one_to_one()
    {
        KnownVoice[] voices = [new("Alice", [Unit(1, 0.1f, 0)]), new("Bob", [Unit(0, 1, 0.1f)])];
        var tracker = new LiveSpeakerTracker(0.3, 8, voices, voiceMatchThreshold: 0.8);

        Assert.Equal("Alice", tracker.Assign(Unit(1, 0, 0), 2).Name);
        Assert.Null(tracker.Assign(Unit(0, 0, 1), 2).Name);
        var bob = tracker.Assign(Unit(0, 1, 0), 2);
        Assert.Equal(("C", "Bob"), (bob.Speaker, bob.Name));
        Assert.Equal(["Alice", null, "Bob"], tracker.Snapshot().Speakers.Select(s => s.Name));
    }
}
