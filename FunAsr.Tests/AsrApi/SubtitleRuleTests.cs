using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;
using FunAsr.Text.Subtitles;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.AsrApi;

/// <summary>
/// Subtitles people can read, on spoken lectures (espeak-ng, Fixtures/Lectures): sentence-sized cues of at most two
/// lines within the line lengths, on screen 1-7 s, never across a long pause, and verbose_json segments on the same
/// boundaries. The known-answer model turns real speech into nonsense text, so the test checks layout and timing, not words.
/// </summary>
public sealed class SubtitleRuleTests(KnownAnswerService service) : IClassFixture<KnownAnswerService>
{
    private static readonly SubtitleRules Rules = new();

    public static TheoryData<string, string> Lectures => new()
    {
        { "lecture-en.opus", "srt" },
        { "lecture-en.opus", "vtt" },
        { "lecture-zh.opus", "srt" },
        { "lecture-zh.opus", "vtt" },
    };

    private static byte[] Lecture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lectures", name));

    private async Task<string> TranscribeAsync(string name, string format, params (string, string)[] fields)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Lecture(name));
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/ogg");
        form.Add(file, "file", name);
        form.Add(new StringContent(format), "response_format");
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }
        var (status, body, _) = await PostAsync(service.Client, "/v1/audio/transcriptions", form);
        Assert.True(status == HttpStatusCode.OK, body);
        return body;
    }

    [Theory]
    [MemberData(nameof(Lectures))]
    public async Task Cues_meet_the_line_duration_and_pause_rules(string lecture, string format)
    {
        var cues = ParseCues(await TranscribeAsync(lecture, format), vtt: format == "vtt");
        using var verbose = JsonDocument.Parse(await TranscribeAsync(lecture, "verbose_json", ("timestamp_granularities[]", "word")));
        var duration = verbose.RootElement.GetProperty("duration").GetDouble();

        Assert.True(cues.Count >= duration / Rules.MaxCueSeconds, $"{cues.Count} cues for {duration} s");
        for (var i = 0; i < cues.Count; i++)
        {
            var cue = cues[i];
            var lines = cue.Text.Split('\n');
            Assert.InRange(lines.Length, 1, Rules.MaxLines);
            Assert.All(lines, line => Assert.True(Rules.Width(line) <= Rules.MaxLineLength, $"line too long: '{line}'"));
            Assert.InRange(cue.End - cue.Start, Rules.MinCueSeconds - 0.0005, Rules.MaxCueSeconds + 0.0005);
            Assert.True(i == 0 || cue.Start >= cues[i - 1].End, $"cue {i} overlaps the one before");
        }

        var words = verbose.RootElement.GetProperty("words").EnumerateArray()
            .Select(w => (Start: w.GetProperty("start").GetDouble(), End: w.GetProperty("end").GetDouble())).ToList();
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].Start - words[i - 1].End >= Rules.LongPauseSeconds)
            {
                Assert.DoesNotContain(cues, c => c.Start < words[i - 1].End && c.End > words[i].Start);
            }
        }
    }

    [Theory]
    [InlineData("lecture-en.opus")]
    [InlineData("lecture-zh.opus")]
    public async Task Verbose_json_segments_are_cue_sized_and_each_cue_holds_whole_segments(string lecture)
    {
        using var verbose = JsonDocument.Parse(await TranscribeAsync(lecture, "verbose_json"));
        var segments = verbose.RootElement.GetProperty("segments").EnumerateArray()
            .Select(s => (Text: s.GetProperty("text").GetString()!, Start: s.GetProperty("start").GetDouble(), End: s.GetProperty("end").GetDouble()))
            .ToList();
        var cues = ParseCues(await TranscribeAsync(lecture, "srt"), vtt: false);

        Assert.True(segments.Count > 5, $"{segments.Count} segments: the lecture is still one long line");
        Assert.All(segments, s =>
        {
            Assert.True(s.End - s.Start <= Rules.MaxCueSeconds + 0.001, $"{s.Start}-{s.End}: {s.Text}");
            // Two full lines and the space between them.
            Assert.True(Rules.Width(s.Text) <= Rules.MaxLines * Rules.MaxLineLength + Rules.MaxLines - 1, s.Text);
        });
        static string Bare(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var next = 0;
        foreach (var cue in cues)
        {
            var held = "";
            while (next < segments.Count && held.Length < Bare(cue.Text).Length)
            {
                held += Bare(segments[next++].Text);
            }
            Assert.Equal(Bare(cue.Text), held);
        }
        Assert.Equal(segments.Count, next);
    }

    /// <summary>An 18 s lecture said without a pause (one voice-activity segment) comes back as its sentences, not one long line.</summary>
    [Fact]
    public async Task A_lecture_said_without_pauses_is_cut_at_its_sentences()
    {
        string[] sentences = ["今天 天气 很好 我们 一起 学习 。", "▁你好 世界 今天 天气 很好 。", "我们 一起 学习 ▁hello ▁world 。"];
        string[] expected = ["今天天气很好我们一起学习。", "你好世界今天天气很好。", "我们一起学习 hello world。"];
        var lecture = ToneWords.Synthesize(string.Join(' ', Enumerable.Range(0, 11).Select(i => sentences[i % 3])));
        Assert.InRange(lecture.DurationSeconds, 16, 20);
        using var form = Form(lecture.ToWav(), ("response_format", "verbose_json"));
        var (_, body, _) = await PostAsync(service.Client, "/v1/audio/transcriptions", form);
        using var verbose = JsonDocument.Parse(body);

        var segments = verbose.RootElement.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("text").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, 11).Select(i => expected[i % 3]), segments);
        using var srtForm = Form(lecture.ToWav(), ("response_format", "srt"));
        var (_, srt, _) = await PostAsync(service.Client, "/v1/audio/transcriptions", srtForm);
        var cues = ParseCues(srt, vtt: false);
        Assert.Equal(segments, cues.Select(c => c.Text));
        Assert.All(cues, c => Assert.InRange(c.End - c.Start, 1, 7));
    }
}
