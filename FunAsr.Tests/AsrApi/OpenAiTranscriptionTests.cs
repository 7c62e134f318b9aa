using System.Net;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.AsrApi;

/// <summary>The OpenAI-compatible endpoint against the real engine on the known-answer model.</summary>
public sealed class OpenAiTranscriptionTests(KnownAnswerService service) : IClassFixture<KnownAnswerService>
{
    // Two utterances a long pause apart, so the engine's voice-activity detector makes two segments.
    private static readonly ToneWordsAudio English = ToneWords.Synthesize("▁hello ▁world | | | ▁the ▁weather ▁is ▁nice");
    private static readonly ToneWordsAudio Chinese = ToneWords.Synthesize("今天 天气 很好 。");
    private const string EnglishText = "hello world the weather is nice";

    private Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> TranscribeAsync(ToneWordsAudio audio, params (string, string)[] fields) =>
        PostAsync(service.Client, "/v1/audio/transcriptions",
            Form(audio.ToWav(), fields.Any(f => f.Item1 == "model") ? fields : [("model", "whisper-1"), .. fields]));

    [Fact]
    public async Task Json_format_returns_the_text_and_duration_usage()
    {
        var (status, body, response) = await TranscribeAsync(English);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(EnglishText, json.RootElement.GetProperty("text").GetString());
        var usage = json.RootElement.GetProperty("usage");
        Assert.Equal("duration", usage.GetProperty("type").GetString());
        Assert.Equal(English.DurationSeconds, usage.GetProperty("duration").GetDouble(), 2);
        Assert.Equal((int)Math.Ceiling(English.DurationSeconds), usage.GetProperty("seconds").GetInt32());
    }

    [Fact]
    public async Task Text_format_returns_plain_text()
    {
        var (status, body, response) = await TranscribeAsync(Chinese, ("response_format", "text"), ("language", "zh"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("今天天气很好。\n", body);
    }

    [Theory]
    [InlineData("srt", "application/x-subrip")]
    [InlineData("vtt", "text/vtt")]
    public async Task Subtitle_formats_have_one_cue_per_utterance_around_its_words(string format, string mediaType)
    {
        var (status, body, response) = await TranscribeAsync(English, ("response_format", format));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var cues = ParseCues(body, vtt: format == "vtt");
        Assert.Equal(["hello world", "the weather is nice"], cues.Select(c => c.Text));
        if (format == "srt")
        {
            Assert.Equal([1, 2], cues.Select(c => c.Number!.Value));
        }
        var t = English.Tokens;
        Assert.InRange(cues[0].Start, 0, t[0].Start + 0.06);
        Assert.InRange(cues[0].End, t[1].End - 0.06, t[2].Start);
        Assert.InRange(cues[1].Start, t[1].End, t[2].Start + 0.06);
        Assert.InRange(cues[1].End, t[5].End - 0.06, English.DurationSeconds);
    }

    [Fact]
    public async Task Verbose_json_has_openai_segments_and_words_with_tone_times()
    {
        var (status, body, _) = await TranscribeAsync(English,
            ("response_format", "verbose_json"), ("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment"),
            ("temperature", "0.2"));
        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("english", root.GetProperty("language").GetString());
        Assert.Equal(English.DurationSeconds, root.GetProperty("duration").GetDouble(), 2);
        Assert.Equal(EnglishText, root.GetProperty("text").GetString());
        Assert.Equal("duration", root.GetProperty("usage").GetProperty("type").GetString());

        var segments = root.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(["hello world", "the weather is nice"], segments.Select(s => s.GetProperty("text").GetString()));
        foreach (var field in new[] { "id", "seek", "start", "end", "text", "tokens", "temperature", "avg_logprob", "compression_ratio", "no_speech_prob" })
        {
            Assert.True(segments[1].TryGetProperty(field, out _), $"segment lacks {field}");
        }
        Assert.Equal([0, 1], segments.Select(s => s.GetProperty("id").GetInt32()));
        Assert.Equal(0.2, segments[0].GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Array, segments[0].GetProperty("tokens").ValueKind);
        Assert.Equal(0, segments[0].GetProperty("no_speech_prob").GetDouble());

        var words = root.GetProperty("words").EnumerateArray().ToList();
        Assert.Equal(["hello", "world", "the", "weather", "is", "nice"], words.Select(w => w.GetProperty("word").GetString()));
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].GetProperty("start").GetDouble(), English.Tokens[i].Start - 0.06, English.Tokens[i].Start + 0.06);
            Assert.True(words[i].GetProperty("end").GetDouble() > words[i].GetProperty("start").GetDouble());
        }
    }

    [Fact]
    public async Task Verbose_json_defaults_to_segments_and_gives_words_only_when_asked()
    {
        var (_, plain, _) = await TranscribeAsync(Chinese, ("response_format", "verbose_json"));
        using (var json = JsonDocument.Parse(plain))
        {
            Assert.Equal("chinese", json.RootElement.GetProperty("language").GetString());
            Assert.Equal(1, json.RootElement.GetProperty("segments").GetArrayLength());
            Assert.False(json.RootElement.TryGetProperty("words", out _));
        }

        var (_, wordsOnly, _) = await TranscribeAsync(Chinese, ("response_format", "verbose_json"), ("timestamp_granularities[]", "word"));
        using (var json = JsonDocument.Parse(wordsOnly))
        {
            Assert.False(json.RootElement.TryGetProperty("segments", out _));
            Assert.Equal(["今天", "天气", "很好", "。"], json.RootElement.GetProperty("words").EnumerateArray().Select(w => w.GetProperty("word").GetString()));
        }
    }

    [Fact]
    public async Task Rich_keeps_the_sensevoice_tags_and_itn_reaches_the_model()
    {
        var (_, rich, _) = await TranscribeAsync(Chinese, ("response_format", "text"), ("rich", "true"), ("itn", "false"));
        Assert.Equal("<|zh|><|NEUTRAL|><|Speech|><|woitn|>今天天气很好。\n", rich);
        var (_, withItn, _) = await TranscribeAsync(Chinese, ("response_format", "text"), ("rich", "true"));
        Assert.Contains("<|withitn|>", withItn);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    [InlineData("srt")]
    [InlineData("vtt")]
    public async Task Word_granularity_without_verbose_json_is_an_openai_400(string format)
    {
        var (status, body, _) = await TranscribeAsync(Chinese, ("response_format", format), ("timestamp_granularities[]", "word"));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "timestamp_granularities", "verbose_json");
    }

    [Fact]
    public async Task Bad_response_format_is_an_openai_400_listing_the_formats()
    {
        var (status, body, _) = await TranscribeAsync(Chinese, ("response_format", "xml"));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "response_format", "json, text, srt, verbose_json, vtt");
    }

    [Fact]
    public async Task Missing_file_is_an_openai_400()
    {
        var (status, body, _) = await PostAsync(service.Client, "/v1/audio/transcriptions", Form((byte[]?)null, ("model", "whisper-1")));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "file", "'file'");
    }

    [Fact]
    public async Task Unknown_model_and_language_are_400s_listing_the_valid_values()
    {
        var (status, body, _) = await TranscribeAsync(Chinese, ("model", "gpt-9"));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "model", "Valid models: known-answer, whisper-1");

        var (langStatus, langBody, _) = await TranscribeAsync(Chinese, ("language", "xx"));
        AssertOpenAiError(langStatus, langBody, HttpStatusCode.BadRequest, "language", "Valid values: auto, en, ja, ko, yue, zh");
    }

    [Fact]
    public async Task Models_lists_the_loaded_model_and_its_alias()
    {
        using var json = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/models"));
        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
        Assert.Equal(["known-answer", "whisper-1"], json.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        using var one = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/models/whisper-1"));
        Assert.Equal("model", one.RootElement.GetProperty("object").GetString());
        Assert.Equal(["en", "ja", "ko", "yue", "zh"], one.RootElement.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        using var missing = await service.Client.GetAsync("/v1/models/gpt-4");
        AssertOpenAiError(missing.StatusCode, await missing.Content.ReadAsStringAsync(), HttpStatusCode.NotFound, "model", "'gpt-4' does not exist");
    }
}
