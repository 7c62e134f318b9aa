using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Recognition;
using FunAsr.Tests.AsrApi.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.AsrApi;

public sealed class OpenAiTranscriptionTests : IAsyncLifetime
{
    private static readonly byte[] TwoWords = WavFile.Encode(ToneRecognizer.Tones((300, 0.6), (0, 0.5), (700, 0.6), (0, 0.3)));
    private readonly AsrServiceHost _host = new(services: s =>
    {
        s.AddSingleton<ISpeechRecognizer, ToneRecognizer>();
        s.AddSingleton<IAudioDecoder, WavOnlyDecoder>();
    });
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static MultipartFormDataContent Form(byte[]? file, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(content, "file", "speech.wav");
        }
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> PostAsync(MultipartFormDataContent form)
    {
        using var response = await _client.PostAsync("/v1/audio/transcriptions", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Json_format_returns_text_and_duration_usage()
    {
        var (status, body, type) = await PostAsync(Form(TwoWords, ("model", "whisper-1")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("w3 w7", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("duration", json.RootElement.GetProperty("usage").GetProperty("type").GetString());
        Assert.Equal(2.0, json.RootElement.GetProperty("usage").GetProperty("duration").GetDouble(), 2);
        Assert.Equal(2, json.RootElement.GetProperty("usage").GetProperty("seconds").GetInt32());
    }

    [Fact]
    public async Task Text_format_returns_plain_text()
    {
        var (status, body, type) = await PostAsync(Form(TwoWords, ("response_format", "text")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain", type);
        Assert.Equal("w3 w7\n", body);
    }

    [Fact]
    public async Task Srt_and_vtt_formats_return_numbered_timed_cues()
    {
        var (status, srt, srtType) = await PostAsync(Form(TwoWords, ("response_format", "srt")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/x-subrip", srtType);
        Assert.Equal("1\n00:00:00,000 --> 00:00:00,600\nw3\n\n2\n00:00:01,100 --> 00:00:01,700\nw7\n\n", srt);

        var (vttStatus, vtt, vttType) = await PostAsync(Form(TwoWords, ("response_format", "vtt")));
        Assert.Equal(HttpStatusCode.OK, vttStatus);
        Assert.Equal("text/vtt", vttType);
        Assert.Equal("WEBVTT\n\n00:00:00.000 --> 00:00:00.600\nw3\n\n00:00:01.100 --> 00:00:01.700\nw7\n\n", vtt);
    }

    [Fact]
    public async Task Verbose_json_has_segments_by_default_and_words_only_when_asked()
    {
        var (status, body, _) = await PostAsync(Form(TwoWords, ("response_format", "verbose_json"), ("language", "en"), ("temperature", "0.2")));
        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("english", root.GetProperty("language").GetString());
        Assert.Equal(2.0, root.GetProperty("duration").GetDouble(), 2);
        Assert.Equal("w3 w7", root.GetProperty("text").GetString());
        Assert.False(root.TryGetProperty("words", out _));
        var segments = root.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(2, segments.Count);
        foreach (var field in new[] { "id", "seek", "start", "end", "text", "tokens", "temperature", "avg_logprob", "compression_ratio", "no_speech_prob" })
        {
            Assert.True(segments[0].TryGetProperty(field, out _), $"segment lacks {field}");
        }
        Assert.Equal(1.1, segments[1].GetProperty("start").GetDouble(), 2);
        Assert.Equal(0.2, segments[1].GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("duration", root.GetProperty("usage").GetProperty("type").GetString());

        var (wordStatus, wordBody, _) = await PostAsync(Form(TwoWords,
            ("response_format", "verbose_json"), ("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment")));
        Assert.Equal(HttpStatusCode.OK, wordStatus);
        using var wordJson = JsonDocument.Parse(wordBody);
        var words = wordJson.RootElement.GetProperty("words").EnumerateArray().ToList();
        Assert.Equal(["w3", "w7"], words.Select(w => w.GetProperty("word").GetString()));
        Assert.Equal(1.7, words[1].GetProperty("end").GetDouble(), 2);
        Assert.Equal(2, wordJson.RootElement.GetProperty("segments").GetArrayLength());

        var (onlyWordsStatus, onlyWordsBody, _) = await PostAsync(Form(TwoWords,
            ("response_format", "verbose_json"), ("timestamp_granularities[]", "word")));
        Assert.Equal(HttpStatusCode.OK, onlyWordsStatus);
        using var onlyWords = JsonDocument.Parse(onlyWordsBody);
        Assert.False(onlyWords.RootElement.TryGetProperty("segments", out _));
        Assert.Equal(2, onlyWords.RootElement.GetProperty("words").GetArrayLength());
    }

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    [InlineData("srt")]
    [InlineData("vtt")]
    public async Task Word_granularity_without_verbose_json_is_an_openai_400(string format)
    {
        var (status, body, _) = await PostAsync(Form(TwoWords, ("response_format", format), ("timestamp_granularities[]", "word")));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "timestamp_granularities", "verbose_json");
    }

    [Fact]
    public async Task Bad_response_format_is_an_openai_400()
    {
        var (status, body, _) = await PostAsync(Form(TwoWords, ("response_format", "xml")));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "response_format", "verbose_json");
    }

    [Fact]
    public async Task Missing_file_is_an_openai_400()
    {
        var (status, body, _) = await PostAsync(Form(null, ("model", "whisper-1")));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "file", "'file'");
    }

    [Fact]
    public async Task Unknown_model_and_language_list_the_valid_values()
    {
        var (status, body, _) = await PostAsync(Form(TwoWords, ("model", "gpt-9")));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "model", "fake-tones, whisper-1");

        var (langStatus, langBody, _) = await PostAsync(Form(TwoWords, ("language", "xx")));
        AssertOpenAiError(langStatus, langBody, HttpStatusCode.BadRequest, "language", "auto, zh, en");
    }

    [Fact]
    public async Task Models_lists_the_loaded_model_and_its_alias()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/v1/models"));
        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
        Assert.Equal(["fake-tones", "whisper-1"], json.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    internal static void AssertOpenAiError(HttpStatusCode status, string body, HttpStatusCode expected, string? param, string messagePart)
    {
        Assert.Equal(expected, status);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Contains(messagePart, error.GetProperty("message").GetString());
        Assert.Equal(expected >= HttpStatusCode.InternalServerError ? "server_error" : "invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
    }
}
