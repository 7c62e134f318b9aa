using FunAsr.AsrService.Transcription;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Streaming;

namespace FunAsr.Tests.Streaming;

internal static class LiveAssert
{
    /// <summary>The live finals hold the offline transcript's words, in order, each within one LFR frame (60 ms) of its offline time.</summary>
    public static void WordsMatchOffline(RecognitionResult offline, IReadOnlyList<FinalMessage> finals)
    {
        var offlineWords = offline.Segments.SelectMany(s => TranscriptSegments.JoinWords(s.Tokens, 0)).ToList();
        var liveWords = finals.SelectMany(f => f.Words ?? []).ToList();
        string Describe() => "offline: " + string.Join(", ", offlineWords.Select(w => $"{w.Word}@{w.Start:0.00}"))
            + "; live: " + string.Join(", ", liveWords.Select(w => $"{w.Word}@{w.Start:0.00}"));

        Assert.True(offlineWords.Count == liveWords.Count, Describe());
        for (int i = 0; i < offlineWords.Count; i++)
        {
            Assert.True(offlineWords[i].Word == liveWords[i].Word, Describe());
            Assert.True(Math.Abs(offlineWords[i].Start - liveWords[i].Start) <= 0.061, Describe());
            Assert.True(Math.Abs(offlineWords[i].End - liveWords[i].End) <= 0.061, Describe());
        }
    }

    /// <summary>Every final with more than one partial's worth of audio was preceded by at least one partial.</summary>
    public static void PartialsPrecedeTheirFinal(IReadOnlyList<LiveServerMessage> messages)
    {
        int firstPartial = messages.ToList().FindIndex(m => m is PartialMessage);
        int firstLongFinal = messages.ToList().FindIndex(m => m is FinalMessage f && f.End - f.Start > 1.0);
        Assert.True(firstPartial >= 0, "no partial caption was sent");
        Assert.True(firstLongFinal > firstPartial, "a partial must arrive before the final of a long utterance");
    }
}
