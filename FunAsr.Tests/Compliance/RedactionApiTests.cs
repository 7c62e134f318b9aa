using System.Net;
using System.Text.Json;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.Compliance;

/// <summary>The ASR service on the known-answer model, with a customer and a project listed in its configuration.</summary>
public sealed class ListedTermsService : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> Terms = new()
    {
        ["Asr:Compliance:Terms:0:Term"] = "Hello World",
        ["Asr:Compliance:Terms:0:Kind"] = "customer",
        ["Asr:Compliance:Terms:1:Term"] = "天气很好",
        ["Asr:Compliance:Terms:1:Kind"] = "project",
    };

    public AsrServiceHost Host { get; } = new(Terms);

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// <c>redact=pii|pci|numbers|terms</c> on the synchronous routes, through the real engine: the spans are masked in the
/// text, the tagged text, the segments, the words and every subtitle format, and nothing else changes.
/// </summary>
public sealed class RedactionApiTests(ListedTermsService service) : IClassFixture<ListedTermsService>
{
    // "hello world the weather is nice today" then "今天天气很好。"
    private static readonly byte[] Speech = ToneWords.Synthesize("▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day | | | | | 今天 天气 很好 。").ToWav();

    [Fact]
    public async Task Without_redact_the_transcript_is_clear_and_pii_masks_only_the_customer()
    {
        var (status, clear, _) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(Speech));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("hello world", JsonDocument.Parse(clear).RootElement.GetProperty("text").GetString());

        var (redactedStatus, body, _) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(Speech, ("redact", "pii")));
        Assert.Equal(HttpStatusCode.OK, redactedStatus);
        var transcript = JsonDocument.Parse(body).RootElement;
        var text = transcript.GetProperty("text").GetString()!;
        Assert.StartsWith("[CUSTOMER] the weather is nice today", text);
        Assert.Contains("天气很好", text); // a project name is a term, not personal data
        Assert.DoesNotContain("hello", transcript.GetProperty("richText").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<|", transcript.GetProperty("richText").GetString()); // the tags stay
        var segments = transcript.GetProperty("segments").EnumerateArray().ToList();
        Assert.All(segments, s => Assert.DoesNotContain("hello", s.GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase));
        var words = segments.SelectMany(s => s.GetProperty("words").EnumerateArray()).Select(w => w.GetProperty("word").GetString()!).ToList();
        Assert.DoesNotContain(words, w => w.Contains("hello", StringComparison.OrdinalIgnoreCase) || w.Contains("world", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("[CUSTOMER]", words[0]);
        // The masked word keeps the time the name was said.
        var original = JsonDocument.Parse(clear).RootElement.GetProperty("segments")[0].GetProperty("words");
        var first = segments[0].GetProperty("words")[0];
        Assert.Equal(original[0].GetProperty("start").GetDouble(), first.GetProperty("start").GetDouble());
        Assert.Equal(original[1].GetProperty("end").GetDouble(), first.GetProperty("end").GetDouble());
    }

    [Fact]
    public async Task Terms_masks_the_customer_and_the_project_and_a_mask_character_replaces_the_labels()
    {
        var (_, body, _) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(Speech, ("redact", "terms")));
        var text = JsonDocument.Parse(body).RootElement.GetProperty("text").GetString()!;
        Assert.Contains("[CUSTOMER]", text);
        Assert.Contains("今天[PROJECT]。", text);

        var (_, masked, _) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(Speech, ("redact", "pii|terms"), ("redact_mask", "*")));
        var maskedText = JsonDocument.Parse(masked).RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith("***** ***** the weather", maskedText);
        Assert.Contains("今天****。", maskedText);
    }

    [Theory]
    [InlineData("srt")]
    [InlineData("vtt")]
    [InlineData("text")]
    public async Task OpenAi_clients_pass_redact_as_an_extra_form_field_and_subtitles_are_masked(string format)
    {
        var (status, body, _) = await PostAsync(service.Client, "/v1/audio/transcriptions",
            Form(Speech, ("model", "whisper-1"), ("response_format", format), ("redact", "pii"), ("redact", "terms")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("hello", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("天气很好", body);
        Assert.Contains("[CUSTOMER]", body);
        Assert.Contains("[PROJECT]", body);
        Assert.Contains("the weather is nice today", body);
    }

    [Fact]
    public async Task OpenAi_verbose_json_words_and_segments_are_masked()
    {
        var (_, body, _) = await PostAsync(service.Client, "/v1/audio/transcriptions",
            Form(Speech, ("response_format", "verbose_json"), ("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment"), ("redact", "pii")));
        var json = JsonDocument.Parse(body).RootElement;
        Assert.DoesNotContain("hello", json.GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.All(json.GetProperty("segments").EnumerateArray(), s => Assert.DoesNotContain("hello", s.GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase));
        Assert.Equal("[CUSTOMER]", json.GetProperty("words")[0].GetProperty("word").GetString());
    }

    [Fact]
    public async Task An_unknown_class_or_a_bad_mask_is_refused_with_the_field_named()
    {
        var (status, body, _) = await PostAsync(service.Client, "/v1/audio/transcriptions", Form(Speech, ("redact", "pii|secrets")));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "redact", "secrets");

        var (maskStatus, maskBody, _) = await PostAsync(service.Client, "/v1/audio/transcriptions", Form(Speech, ("redact", "pii"), ("redact_mask", "xx")));
        AssertOpenAiError(maskStatus, maskBody, HttpStatusCode.BadRequest, "redact_mask", "redact_mask");

        var (_, native, response) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(Speech, ("redact", "ssn")));
        AssertProblem(response, native, HttpStatusCode.BadRequest, "ssn");
    }
}
