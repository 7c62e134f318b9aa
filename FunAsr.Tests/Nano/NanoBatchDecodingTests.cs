using System.Text.Json;
using FunAsr.AsrService.Nano;

namespace FunAsr.Tests.Nano;

/// <summary>
/// Segments decoded concurrently share LLM calls in the KV-delta batch decoder; every segment must still get exactly
/// the ids PyTorch's single-stream greedy loop produced (make_replicas.py references), whatever it was batched with.
/// </summary>
public sealed class NanoBatchDecodingTests
{
    public static TheoryData<string> KvDeltaReplicas() => [NanoFixtures.SherpaInt8, NanoFixtures.SherpaFp16, NanoFixtures.SherpaFp32];

    [Theory]
    [MemberData(nameof(KvDeltaReplicas))]
    public async Task Concurrent_segments_share_calls_and_keep_single_stream_ids(string replica)
    {
        using var model = NanoLlmModel.Load(NanoFixtures.Folder(replica), new NanoLlmOptions { IntraOpThreads = 1, MaxBatchRows = 8 });
        var cases = Cases(replica);
        var decoder = new NanoLlmDecoder(model);

        // Each case twice (equal prompt lengths share the prefill and every step) and more segments than rows, so
        // some wait for a free row; different lengths catch up with each other.
        var work = cases.Concat(cases).Select(c => (Case: c, Task: decoder.DecodeAsync(c.Features, c.Frames, c.Settings, CancellationToken.None))).ToList();
        await Task.WhenAll(work.Select(w => w.Task));

        foreach (var (c, task) in work)
        {
            var result = await task;
            Assert.Equal(c.Ids, result.TokenIds);
            Assert.Equal(c.Stop, result.StopReason);
        }

        var stats = model.BatchDecoder!.Stats;
        Assert.True(stats.LargestStep > 1, $"no call carried more than one row ({stats})");
        Assert.True(stats.StepCalls < stats.RowSteps, $"every row stepped alone ({stats})");
    }

    [Fact]
    public async Task One_row_at_a_time_gives_the_same_ids()
    {
        using var model = NanoLlmModel.Load(NanoFixtures.Folder(NanoFixtures.SherpaFp32), new NanoLlmOptions { IntraOpThreads = 1, MaxBatchRows = 1 });
        var decoder = new NanoLlmDecoder(model);
        var cases = Cases(NanoFixtures.SherpaFp32);
        var results = await Task.WhenAll(cases.Select(c => decoder.DecodeAsync(c.Features, c.Frames, c.Settings, CancellationToken.None)));
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(cases[i].Ids, results[i].TokenIds);
        }

        Assert.Equal(1, model.BatchDecoder!.Stats.LargestStep);
    }

    [Fact]
    public async Task A_decode_step_allocates_nothing_on_the_managed_heap()
    {
        using var model = NanoLlmModel.Load(NanoFixtures.Folder(NanoFixtures.SherpaFp32), new NanoLlmOptions { IntraOpThreads = 1 });
        var decoder = new NanoLlmDecoder(model);
        var features = ReplicaFeatures.Of(41, 0.25);
        var settings = new NanoDecodeSettings([], null, true, 60, RepetitionGuard: false);

        // The first decode creates the per-batch-size bindings and per-position views it keeps; the second reuses them.
        await decoder.DecodeAsync(features, 41, settings, CancellationToken.None);
        var before = model.BatchDecoder!.Stats;
        var result = await decoder.DecodeAsync(features, 41, settings, CancellationToken.None);
        var after = model.BatchDecoder.Stats;

        var steps = after.StepCalls - before.StepCalls;
        // Every generated token is fed back once, except the last one when the length limit stopped the segment.
        Assert.Equal(result.StopReason == NanoStopReason.EndOfTurn ? result.TokenIds.Count : result.TokenIds.Count - 1, steps);
        var perStep = (after.StepAllocatedBytes - before.StepAllocatedBytes) / (double)steps;
        // Only the two per-step input bindings marshal their names (a few dozen bytes); no tensors, no arrays.
        Assert.True(perStep < 256, $"{perStep:F0} bytes allocated per decode step");
    }

    [Fact]
    public async Task A_cancelled_segment_leaves_the_others_decoding()
    {
        using var model = NanoLlmModel.Load(NanoFixtures.Folder(NanoFixtures.SherpaFp32), new NanoLlmOptions { IntraOpThreads = 1 });
        var decoder = new NanoLlmDecoder(model);
        var cases = Cases(NanoFixtures.SherpaFp32);
        using var cancel = new CancellationTokenSource();
        var longer = new NanoDecodeSettings([], null, true, 200, RepetitionGuard: false);
        var doomed = decoder.DecodeAsync(cases[0].Features, cases[0].Frames, longer, cancel.Token);
        var kept = cases.Select(c => decoder.DecodeAsync(c.Features, c.Frames, c.Settings, CancellationToken.None)).ToList();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => doomed);
        var results = await Task.WhenAll(kept);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(cases[i].Ids, results[i].TokenIds);
        }
    }

    private static List<ReplicaCase> Cases(string replica)
    {
        using var doc = NanoFixtures.ReadReference(replica);
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c =>
        {
            var frames = c.GetProperty("frames").GetInt32();
            var settings = new NanoDecodeSettings(
                [.. c.GetProperty("hotwords").EnumerateArray().Select(h => h.GetString()!)],
                c.GetProperty("language").ValueKind == JsonValueKind.Null ? null : c.GetProperty("language").GetString(),
                c.GetProperty("itn").GetBoolean(),
                c.GetProperty("max_new_tokens").GetInt32(),
                c.GetProperty("repetition_guard").GetBoolean());
            var stop = c.GetProperty("stop").GetString() switch
            {
                "im_end" => NanoStopReason.EndOfTurn,
                "repetition" => NanoStopReason.Repetition,
                _ => NanoStopReason.MaxNewTokens,
            };
            return new ReplicaCase(ReplicaFeatures.Of(frames, c.GetProperty("seed").GetDouble()), frames, settings,
                [.. c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())], stop);
        })];
    }

    private sealed record ReplicaCase(float[] Features, int Frames, NanoDecodeSettings Settings, int[] Ids, NanoStopReason Stop);
}
