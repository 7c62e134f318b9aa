using System.Net.WebSockets;
using System.Text.Json;
using FunAsr.AsrService.Diarization;
using FunAsr.Tests.Diarization;

namespace FunAsr.Tests.Streaming;

/// <summary>
/// A synthetic conversation of stand-in voices (espeak-ng + sox, which the known-answer diarization doubles tell
/// apart) with pauses longer than the endpointer's, streamed over the live socket in 100 ms chunks, and how well the
/// finals' speakers agree with who really spoke.
/// </summary>
internal static class LiveConversation
{
    public static SyntheticMeeting Build(int voices, int turns, int seed)
    {
        var random = new Random(seed);
        var order = new List<MeetingTurn>();
        for (int i = 0, previous = -1; i < turns; i++)
        {
            int voice = i < voices ? i : random.Next(voices);
            while (voice == previous)
            {
                voice = random.Next(voices);
            }

            order.Add(new MeetingTurn(voice, SyntheticMeeting.HeldOutSentences[(seed * 3 + i) % SyntheticMeeting.HeldOutSentences.Length]));
            previous = voice;
        }

        // Pauses above EndSilenceMs (800 ms): one final per turn.
        return SyntheticMeeting.Build(order, seed, minGap: 1.2, maxGap: 1.6);
    }

    /// <summary>Sends the start message, the audio at <paramref name="speed"/>× real time, and stop; returns every message until close.</summary>
    public static async Task<List<JsonElement>> StreamAsync(WebSocket socket, SyntheticMeeting meeting, object start, object stop, double speed = 4)
    {
        await LiveSocket.SendJsonAsync(socket, start);
        var pcm = meeting.ToWav()[44..];
        var sender = Task.Run(async () =>
        {
            for (int offset = 0; offset < pcm.Length; offset += 3_200)
            {
                await socket.SendAsync(pcm.AsMemory(offset, Math.Min(3_200, pcm.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
                await Task.Delay(TimeSpan.FromMilliseconds(100 / speed));
            }

            await LiveSocket.SendJsonAsync(socket, stop);
        });
        var messages = await LiveSocket.ReceiveUntilCloseAsync(socket);
        await sender;
        return messages;
    }

    public static List<JsonElement> Finals(IEnumerable<JsonElement> messages) =>
        [.. messages.Where(m => m.GetProperty("type").GetString() == "final")];

    /// <summary>The reference voice each final overlaps most.</summary>
    public static string VoiceOf(SyntheticMeeting meeting, JsonElement final)
    {
        double start = final.GetProperty("start").GetDouble(), end = final.GetProperty("end").GetDouble();
        return meeting.Reference.MaxBy(r => Math.Min(end, r.End) - Math.Max(start, r.Start))!.Label;
    }

    /// <summary>
    /// The share of finals whose speaker is their voice's, under the one-to-one mapping of speakers onto voices that
    /// agrees most (a final without a speaker disagrees), and that mapping.
    /// </summary>
    public static (double Agreement, IReadOnlyDictionary<string, string> Mapping) Agreement(SyntheticMeeting meeting, IReadOnlyList<JsonElement> finals)
    {
        var pairs = finals.Select(f => (Speaker: f.TryGetProperty("speaker", out var s) ? s.GetString() : null, Voice: VoiceOf(meeting, f))).ToList();
        var speakers = pairs.Select(p => p.Speaker).OfType<string>().Distinct().Order().ToList();
        var voices = pairs.Select(p => p.Voice).Distinct().Order().ToList();
        var cost = new double[speakers.Count, voices.Count];
        foreach (var (speaker, voice) in pairs.Where(p => p.Speaker is not null))
        {
            cost[speakers.IndexOf(speaker!), voices.IndexOf(voice)] -= 1;
        }

        var assigned = speakers.Count == 0 ? [] : HungarianAlgorithm.Solve(cost);
        var mapping = new Dictionary<string, string>();
        for (int s = 0; s < speakers.Count; s++)
        {
            if (assigned[s] >= 0)
            {
                mapping[speakers[s]] = voices[assigned[s]];
            }
        }

        int agreeing = pairs.Count(p => p.Speaker is not null && mapping.TryGetValue(p.Speaker, out var voice) && voice == p.Voice);
        return (finals.Count == 0 ? 0 : (double)agreeing / finals.Count, mapping);
    }
}
