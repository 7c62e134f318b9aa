using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Streaming;
using FunAsr.AsrService.Vad;
using FunAsr.Tests.Engine;
using FunAsr.Tests.Infrastructure;
using FunAsr.Text.Subtitles;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Streaming;

public sealed class LiveTranscriberTests
{
    /// <summary>Three utterances separated by 1.5 s pauses, the middle one long enough for several partials.</summary>
    public const string Lecture = "今天 天气 很好 。 | | | | | ▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day | | | | | 我们 一起 学习";

    [Fact]
    public async Task Finals_carry_the_words_and_times_of_offline_transcription_and_partials_come_first()
    {
        var audio = ToneWords.Synthesize(Lecture);
        await using var engine = EngineHarness.Create();
        var offline = await engine.RecognizeSegmentedAsync(audio.Samples, new EnergyVoiceActivityDetector(new VadOptions()));
        var messages = new List<LiveServerMessage>();

        var transcriber = NewTranscriber(engine.Recognizer, messages);
        foreach (var chunk in audio.Samples.Chunk(1_777))
        {
            await transcriber.PushAsync(chunk, CancellationToken.None);
        }
        await transcriber.FlushAsync(CancellationToken.None);

        var finals = messages.OfType<FinalMessage>().ToList();
        Assert.Equal(["今天天气很好。", "hello world the weather is nice today", "我们一起学习"], finals.Select(f => f.Text));
        LiveAssert.WordsMatchOffline(offline, finals);
        LiveAssert.PartialsPrecedeTheirFinal(messages);
        Assert.Contains(messages.OfType<PartialMessage>(), p => p.Text.StartsWith("hello world", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_utterance_still_open_at_the_end_of_the_stream_is_finalised_by_flush()
    {
        var audio = ToneWords.Synthesize("▁hello ▁world");
        var speechOnly = audio.Samples.AsSpan(0, (int)(audio.Tokens[^1].End * 16_000)).ToArray();
        await using var engine = EngineHarness.Create();
        var messages = new List<LiveServerMessage>();
        var transcriber = NewTranscriber(engine.Recognizer, messages);

        await transcriber.PushAsync(speechOnly, CancellationToken.None);
        Assert.Empty(messages.OfType<FinalMessage>());
        await transcriber.FlushAsync(CancellationToken.None);

        Assert.Equal("hello world", Assert.Single(messages.OfType<FinalMessage>()).Text);
    }

    [Fact]
    public async Task Speech_longer_than_the_cap_is_finalised_in_pieces_no_longer_than_the_cap()
    {
        var audio = ToneWords.Synthesize(string.Join(' ', Enumerable.Repeat("今天 天气", 8)), new ToneWordsStyle { PauseMs = 100 });
        await using var engine = EngineHarness.Create();
        var messages = new List<LiveServerMessage>();
        var transcriber = NewTranscriber(engine.Recognizer, messages, new LiveCaptionOptions { MaxUtteranceSeconds = 1.5 });

        await transcriber.PushAsync(audio.Samples, CancellationToken.None);
        await transcriber.FlushAsync(CancellationToken.None);

        var finals = messages.OfType<FinalMessage>().ToList();
        Assert.True(finals.Count >= 2, $"expected the cap to split the speech, got {finals.Count} final(s)");
        Assert.All(finals, f => Assert.True(f.End - f.Start <= 1.5 + 0.061, $"{f.Start}-{f.End} is longer than the cap"));
    }

    internal static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    internal static long ManagedMemoryAfterCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static LiveTranscriber NewTranscriber(ISpeechRecognizer recognizer, List<LiveServerMessage> messages, LiveCaptionOptions? options = null) =>
        new(recognizer, new SubtitleRules(), new LiveStartRequest("auto", true, 16_000, LiveAudioFormat.PcmS16Le, []), options ?? new LiveCaptionOptions(),
            new LiveTelemetry(Meters),
            (message, _) => { lock (messages) { messages.Add(message); } return Task.CompletedTask; });
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "Process memory (runs alone)";
}

[Collection(ProcessMemoryCollection.Name)]
public sealed class LiveMemoryTests
{
    /// <summary>
    /// A 30-minute lecture streamed as fast as the engine goes: the process's memory stays flat. It runs alone
    /// (<see cref="ProcessMemoryCollection"/>), since the process's counters also see every test running beside it.
    /// </summary>
    [Fact]
    public async Task Thirty_minutes_of_streaming_keep_memory_flat()
    {
        var utterance = ToneWords.Synthesize("我们 一起 学习 | ▁hello ▁world | | | |").Samples;
        await using var engine = EngineHarness.Create();
        int finals = 0;
        var transcriber = new LiveTranscriber(engine.Recognizer, new SubtitleRules(), new LiveStartRequest("auto", true, 16_000, LiveAudioFormat.PcmS16Le, []),
            new LiveCaptionOptions(), new LiveTelemetry(LiveTranscriberTests.Meters),
            (message, _) => { if (message is FinalMessage) { finals++; } return Task.CompletedTask; });

        long samplesSent = 0, target = 30L * 60 * 16_000, baseline = 0;
        int repetitions = 0;
        while (samplesSent < target)
        {
            foreach (var chunk in utterance.Chunk(3_200))
            {
                await transcriber.PushAsync(chunk, CancellationToken.None);
            }

            samplesSent += utterance.Length;
            if (++repetitions == 60)
            {
                baseline = LiveTranscriberTests.ManagedMemoryAfterCollection();
            }

        }

        long end = LiveTranscriberTests.ManagedMemoryAfterCollection();
        Assert.Equal(repetitions, finals);
        Assert.True(transcriber.Duration >= 30 * 60);
        Assert.True(transcriber.HeldSamples < 16_000 * 31, $"held {transcriber.HeldSamples} samples");
        // The live transcript itself grows (a few hundred bytes a final); audio of finished utterances must not.
        Assert.True(end - baseline < 16 * 1024 * 1024, $"managed memory grew by {(end - baseline) / 1024} KiB over {repetitions} utterances");
    }
}
