using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;
using FunAsr.Tests.Infrastructure;
using FunAsr.Text.Joining;

namespace FunAsr.Tests.Engine;

/// <summary>Tone words through WAV → fbank/LFR/CMVN → ONNX Runtime → CTC decoding, against the known-answer model.</summary>
public sealed class KnownAnswerTests
{
    [Fact]
    public async Task Tone_words_in_a_wav_decode_to_the_exact_text_tags_and_token_times()
    {
        var audio = ToneWords.Synthesize("今天 天气 很好 。 | ▁hello ▁world");
        var samples = EngineHarness.ReadPcm16Wav(audio.ToWav());
        await using var engine = EngineHarness.Create();

        var result = await engine.RecognizeAsync(samples);

        Assert.Equal("今天天气很好。 hello world", result.Text);
        Assert.Equal("<|zh|><|NEUTRAL|><|Speech|><|withitn|>今天天气很好。 hello world", result.RichText);
        Assert.Equal("zh", result.Language);
        Assert.Equal("NEUTRAL", result.Emotion);
        Assert.Equal("Speech", result.Event);
        var segment = Assert.Single(result.Segments);
        Assert.Equal(["今天", "天气", "很好", "。", "hello", "world"], segment.Tokens.Select(t => t.Text));
        Assert.Equal([false, false, false, false, true, true], segment.Tokens.Select(t => t.StartsWord));
        for (var i = 0; i < audio.Tokens.Count; i++)
        {
            Assert.InRange(segment.Tokens[i].Start, audio.Tokens[i].Start - 0.060, audio.Tokens[i].Start + 0.060);
            Assert.True(segment.Tokens[i].End > segment.Tokens[i].Start);
        }

        Assert.Equal(audio.DurationSeconds, result.DurationSeconds, 3);
        Assert.True(result.Timings.Inference > TimeSpan.Zero);
    }

    [Fact]
    public async Task Language_and_itn_options_drive_the_prefix_tags()
    {
        var audio = ToneWords.Synthesize("今天 天气");
        await using var engine = EngineHarness.Create();

        var english = await engine.RecognizeAsync(audio.Samples, new RecognitionOptions { Language = "en", Itn = false });
        var detected = await engine.RecognizeAsync(ToneWords.Synthesize("▁the ▁weather ▁is ▁nice").Samples);

        Assert.Equal("<|en|><|NEUTRAL|><|Speech|><|woitn|>今天天气", english.RichText);
        Assert.Equal("en", english.Language);
        Assert.Equal("the weather is nice", detected.Text);
        Assert.Equal("en", detected.Language);
    }

    [Fact]
    public async Task Byte_pieces_join_into_one_character_and_repeated_pieces_stay_separate()
    {
        await using var engine = EngineHarness.Create();

        var result = await engine.RecognizeAsync(ToneWords.Synthesize("▁caf <0xC3> <0xA9> | 很好 很好").Samples);

        Assert.Equal("café很好很好", result.Text);
        Assert.Equal(["caf", "é", "很好", "很好"], result.Segments.Single().Tokens.Select(t => t.Text));
        Assert.Equal([true, false, false, false], result.Segments.Single().Tokens.Select(t => t.StartsWord));
    }

    [Fact]
    public async Task Byte_pieces_that_spell_no_character_are_dropped_not_shown_as_replacement_characters()
    {
        await using var engine = EngineHarness.Create();

        // A lead byte followed by another character, a continuation byte with no lead, and a lead byte ending the utterance.
        var result = await engine.RecognizeAsync(ToneWords.Synthesize("▁caf <0xC3> 很好 <0xA9> ▁hello <0xC3>").Samples);

        Assert.DoesNotContain('\uFFFD', result.Text);
        Assert.All(result.Segments.SelectMany(s => s.Tokens), t => Assert.DoesNotContain('\uFFFD', t.Text));
        Assert.Equal(["caf", "很好", "hello"], result.Segments.SelectMany(s => s.Tokens).Select(t => t.Text));
    }

    [Fact]
    public async Task Silence_gives_an_empty_result_and_finite_logits()
    {
        await using var engine = EngineHarness.Create();
        var silence = new float[3 * 16_000];

        var result = await engine.RecognizeAsync(silence);
        var features = new SpeechFeatureExtractor(engine.Model).Extract(silence, 0, 15);
        var logits = new AcousticModel(engine.Model).Run([features], CancellationToken.None).Single();

        Assert.Equal(string.Empty, result.Text);
        Assert.Empty(result.Segments);
        Assert.All(logits.Logits!, v => Assert.True(float.IsFinite(v)));
        Assert.All(features.Features, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public async Task Empty_and_one_sample_clips_give_empty_results()
    {
        await using var engine = EngineHarness.Create();

        var empty = await engine.RecognizeAsync([]);
        var single = await engine.RecognizeAsync([0.5f]);

        Assert.Equal(string.Empty, empty.Text);
        Assert.Equal(string.Empty, single.Text);
        Assert.Empty(single.Segments);
    }

    [Fact]
    public async Task Audio_with_nan_samples_is_refused()
    {
        await using var engine = EngineHarness.Create();
        var samples = ToneWords.Synthesize("今天").Samples;
        samples[100] = float.NaN;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => engine.RecognizeAsync(samples));

        Assert.Contains("NaN", error.Message);
    }

    [Fact]
    public async Task Unknown_language_is_refused_with_the_supported_list()
    {
        await using var engine = EngineHarness.Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            engine.RecognizeAsync(ToneWords.Synthesize("今天").Samples, new RecognitionOptions { Language = "xx" }));

        Assert.Contains("'xx'", error.Message);
        Assert.Contains("auto, en, ja, ko, yue, zh", error.Message);
        Assert.Equal(["auto", "en", "ja", "ko", "yue", "zh"], engine.Recognizer.Model.Languages);
    }

    [Fact]
    public async Task A_cancelled_call_throws_operation_cancelled()
    {
        await using var engine = EngineHarness.Create();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.RecognizeAsync(ToneWords.Synthesize("今天").Samples, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task Each_segment_the_pipeline_cut_is_recognised_whole_with_times_from_the_start_of_the_clip()
    {
        var sentence = string.Join(" | ", Enumerable.Repeat("今天 天气 | ▁hello", 6));
        var audio = ToneWords.Synthesize(sentence);
        await using var engine = EngineHarness.Create();
        // Cuts in the pauses after every third word, as the voice-activity detector would make them.
        var cuts = new List<SpeechSpan>();
        var start = 0;
        for (var i = 2; i < audio.Tokens.Count; i += 3)
        {
            var end = i + 1 < audio.Tokens.Count ? (int)((audio.Tokens[i].End + audio.Tokens[i + 1].Start) / 2 * 16_000) : audio.Samples.Length;
            cuts.Add(new SpeechSpan(start, end));
            start = end;
        }

        var result = await engine.Recognizer.RecognizeAsync(new AudioClip(audio.Samples) { Segments = cuts }, new RecognitionOptions(), CancellationToken.None);

        Assert.Equal(cuts.Count, result.Segments.Count);
        Assert.Equal(cuts.Select(c => c.StartSample / 16_000.0), result.Segments.Select(s => s.Start), new ToleranceComparer(0.001));
        var tokens = result.Segments.SelectMany(s => s.Tokens).ToList();
        Assert.Equal(audio.Tokens.Count, tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            Assert.Equal(audio.Tokens[i].Piece.TrimStart('▁'), tokens[i].Text);
            Assert.InRange(tokens[i].Start, audio.Tokens[i].Start - 0.060, audio.Tokens[i].Start + 0.060);
        }
        Assert.Equal(TextJoiner.Join(result.Segments.Select(s => s.Text)), result.Text);
    }

    [Fact]
    public async Task A_segment_outside_the_clip_is_refused()
    {
        await using var engine = EngineHarness.Create();
        var clip = new AudioClip(new float[16_000]) { Segments = [new SpeechSpan(8_000, 20_000)] };
        await Assert.ThrowsAsync<ArgumentException>(() => engine.Recognizer.RecognizeAsync(clip, new RecognitionOptions(), CancellationToken.None));
    }

    [Fact]
    public async Task Ten_minutes_of_tone_words_come_back_complete_with_absolute_times_through_the_energy_vad()
    {
        string[] phrases = ["今天 天气 很好 。", "▁hello ▁world", "我们 一起 学习", "▁the ▁weather ▁is ▁nice", "▁caf <0xC3> <0xA9>", "▁你好 世界"];
        var parts = new List<string>();
        for (var i = 0; parts.Count < 1040; i++)
        {
            parts.Add(phrases[i % phrases.Length]);
            parts.Add(i % 4 == 3 ? "| | |" : "|");
        }

        var audio = ToneWords.Synthesize(string.Join(' ', parts));
        Assert.InRange(audio.DurationSeconds, 600, 900);
        var vad = new EnergyVoiceActivityDetector(new VadOptions());
        await using var engine = EngineHarness.Create(threads: 2);

        var result = await engine.RecognizeSegmentedAsync(audio.Samples, vad);

        Assert.True(result.Segments.Count > 20, $"{result.Segments.Count} segments");
        Assert.All(result.Segments, s => Assert.True(s.End - s.Start <= 30.001));
        var tokens = result.Segments.SelectMany(s => s.Tokens).ToList();
        var expected = ExpectedTokens(audio);
        Assert.Equal(expected.Select(e => e.Text), tokens.Select(t => t.Text));
        for (var i = 0; i < tokens.Count; i++)
        {
            Assert.InRange(tokens[i].Start, expected[i].Start - 0.060, expected[i].Start + 0.060);
        }

        // Segments join by the one joining rule; within them the text is the model's own.
        Assert.Equal(TextJoiner.Join(result.Segments.Select(s => s.Text)), result.Text);
        Assert.Equal(audio.ExpectedText.Replace(" ", ""), result.Text.Replace(" ", ""));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }

    /// <summary>What the decoder should emit per tone token: byte pieces merged into the character they spell.</summary>
    private static List<(string Text, double Start)> ExpectedTokens(ToneWordsAudio audio)
    {
        var expected = new List<(string, double)>();
        var group = new List<ToneToken>();
        foreach (var token in audio.Tokens)
        {
            group.Add(token);
            var text = ToneWords.ExpectedText(group.Select(t => t.Piece));
            if (!text.Contains('\uFFFD'))
            {
                expected.Add((text, group[0].Start));
                group.Clear();
            }
        }

        return expected;
    }
}
