using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.AsrService.Diarization;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Diarization;
using FunAsr.Tests.Infrastructure;
using Xunit.Abstractions;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.Speakers;

/// <summary>
/// Who spoke when through the HTTP API: synthetic three-person meetings (held-out sentences; espeak-ng + sox voices the
/// known-answer test doubles tell apart) recognised by the known-answer model, diarized beside it. The doubles show
/// the pipeline and the API are right, not how well a real model diarizes.
/// </summary>
public sealed class DiarizedTranscriptionTests(DiarizingService service, ITestOutputHelper output) : IClassFixture<DiarizingService>
{
    private static readonly Lazy<SyntheticMeeting> Meeting = new(() => SyntheticMeeting.RoundTable(3, 10, 31));

    private Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> OpenAiAsync(SyntheticMeeting meeting, params (string, string)[] fields) =>
        PostAsync(service.Client, "/v1/audio/transcriptions", Form(meeting.ToWav(), fields));

    // A diarized answer's (start, end, speaker) as the hypothesis pyannote.metrics would score.
    private static List<LabeledSegment> Hypothesis(JsonElement segments) =>
        [.. segments.EnumerateArray().Select(s => new LabeledSegment(s.GetProperty("start").GetDouble(), s.GetProperty("end").GetDouble(), s.GetProperty("speaker").GetString()!))];

    // Which hypothesis label is which synthetic voice (the Hungarian mapping DER uses).
    private static IReadOnlyDictionary<string, string> VoiceOf(SyntheticMeeting meeting, List<LabeledSegment> hypothesis) =>
        DiarizationErrorRate.Compute(meeting.Reference, hypothesis).Mapping;

    [Fact]
    public async Task Diarized_json_of_a_three_person_meeting_has_three_speakers_and_der_under_five_percent()
    {
        var meeting = Meeting.Value;
        var (status, body, response) = await OpenAiAsync(meeting, ("model", "gpt-4o-transcribe-diarize"), ("response_format", "diarized_json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("transcribe", root.GetProperty("task").GetString());
        Assert.Equal(meeting.Duration, root.GetProperty("duration").GetDouble(), 2);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("text").GetString()));
        Assert.Equal("duration", root.GetProperty("usage").GetProperty("type").GetString());
        var segments = root.GetProperty("segments");
        var ids = new HashSet<string>();
        foreach (var segment in segments.EnumerateArray())
        {
            Assert.Equal("transcript.text.segment", segment.GetProperty("type").GetString());
            Assert.True(ids.Add(segment.GetProperty("id").GetString()!));
            Assert.True(segment.GetProperty("end").GetDouble() > segment.GetProperty("start").GetDouble());
            Assert.False(string.IsNullOrEmpty(segment.GetProperty("text").GetString()));
        }

        var hypothesis = Hypothesis(segments);
        Assert.Equal(["A", "B", "C"], hypothesis.Select(s => s.Label).Distinct().Order());
        Assert.Equal("A", hypothesis[0].Label);
        var score = DiarizationErrorRate.Compute(meeting.Reference, hypothesis);
        var forgiving = DiarizationErrorRate.Compute(meeting.Reference, hypothesis, collar: 0.5);
        output.WriteLine($"DER {score.Rate:P2} (miss {score.Miss:0.00} s, false alarm {score.FalseAlarm:0.00} s, confusion {score.Confusion:0.00} s of {score.Total:0.00} s); collar 0.5 s: {forgiving.Rate:P2}");
        Assert.InRange(score.Rate, 0, 0.05);
        Assert.Equal(3, score.Mapping.Count);
    }

    [Fact]
    public async Task Verbose_json_segments_carry_the_speaker_and_srt_cues_start_with_it()
    {
        var meeting = Meeting.Value;
        var (status, body, _) = await OpenAiAsync(meeting, ("model", "whisper-1"), ("response_format", "verbose_json"), ("diarize", "true"), ("num_speakers", "3"));
        Assert.Equal(HttpStatusCode.OK, status);
        using var verbose = JsonDocument.Parse(body);
        var segments = verbose.RootElement.GetProperty("segments");
        Assert.All(segments.EnumerateArray(), s => Assert.Matches("^[ABC]$", s.GetProperty("speaker").GetString()));
        Assert.InRange(DiarizationErrorRate.Compute(meeting.Reference, Hypothesis(segments)).Rate, 0, 0.05);

        var (srtStatus, srt, _) = await OpenAiAsync(meeting, ("model", "whisper-1"), ("response_format", "srt"), ("diarize", "true"), ("speaker_labels", "true"));
        Assert.Equal(HttpStatusCode.OK, srtStatus);
        var cues = ParseCues(srt, vtt: false);
        Assert.NotEmpty(cues);
        Assert.All(cues, c => Assert.Matches("^[ABC]: ", c.Text));
        Assert.Equal(["A", "B", "C"], cues.Select(c => c.Text[..1]).Distinct().Order());

        // Without diarization nothing mentions speakers.
        var (_, plain, _) = await OpenAiAsync(meeting, ("model", "whisper-1"), ("response_format", "verbose_json"));
        Assert.DoesNotContain("\"speaker\"", plain);
    }

    [Fact]
    public async Task Known_speakers_name_their_voices_one_to_one_and_the_others_keep_letters()
    {
        var meeting = Meeting.Value;
        // Two held-out sentences of voices 1 and 0 alone, 2-10 s each, as data URLs.
        string Reference(int voice) => "data:audio/wav;base64," + Convert.ToBase64String(WavWriter.Encode(
            [.. SyntheticMeeting.Utterance(voice, "the budget review is on friday"), .. new float[4000], .. SyntheticMeeting.Utterance(voice, "I will send the minutes tonight")]));

        var (status, body, _) = await OpenAiAsync(meeting, ("model", "gpt-4o-transcribe-diarize"), ("response_format", "diarized_json"),
            ("known_speaker_names[]", "Bob"), ("known_speaker_names[]", "Alice"),
            ("known_speaker_references[]", Reference(1)), ("known_speaker_references[]", Reference(0)));

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        var hypothesis = Hypothesis(json.RootElement.GetProperty("segments"));
        var voices = VoiceOf(meeting, hypothesis);
        Assert.Equal(3, voices.Count);
        Assert.Equal(SyntheticMeeting.VoiceName(1), voices["Bob"]);
        Assert.Equal(SyntheticMeeting.VoiceName(0), voices["Alice"]);
        Assert.Single(voices.Keys, k => k.Length == 1);
        Assert.InRange(DiarizationErrorRate.Compute(meeting.Reference, hypothesis).Rate, 0, 0.05);
    }

    [Theory]
    [InlineData("known_speaker_names[]=Bob", "", "known_speaker_names", "pair up")]
    [InlineData("known_speaker_names[]=Bob", "known_speaker_references[]=http://example.com/a.wav", "known_speaker_references", "data URL")]
    [InlineData("known_speaker_names[]=Bob", "known_speaker_references[]=data:audio/wav;base64,UklGRg==", "known_speaker_references", "2–10 s")]
    [InlineData("num_speakers=0", "", "num_speakers", "num_speakers")]
    [InlineData("min_speakers=3", "max_speakers=2", "min_speakers", "min_speakers")]
    [InlineData("speaker_labels=true", "response_format=srt", "speaker_labels", "diarize=true")]
    public async Task Impossible_speaker_requests_are_openai_errors_naming_the_parameter(string first, string second, string param, string message)
    {
        var fields = new[] { first, second }.Where(f => f.Length > 0).Select(f => (f[..f.IndexOf('=')], f[(f.IndexOf('=') + 1)..])).ToList();
        var diarize = param is "speaker_labels" ? [] : new[] { ("diarize", "true") };
        var (status, body, _) = await OpenAiAsync(Meeting.Value, [("model", "whisper-1"), .. diarize, .. fields]);
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, param, message);
    }

    [Fact]
    public async Task A_named_voice_labels_the_next_recording_of_that_voice_until_it_is_deleted()
    {
        // The native API: diarize=true gives the transcript its speakers, each with a voiceprint to name.
        var first = Meeting.Value;
        var (status, body, _) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(first.ToWav(), ("diarize", "true")));
        Assert.Equal(HttpStatusCode.OK, status);
        using var transcript = JsonDocument.Parse(body);
        var speakers = transcript.RootElement.GetProperty("speakers").EnumerateArray().ToList();
        Assert.Equal(["A", "B", "C"], speakers.Select(s => s.GetProperty("id").GetString()));
        var segments = transcript.RootElement.GetProperty("segments");
        var voices = VoiceOf(first, Hypothesis(segments));
        var voice2 = voices.Single(v => v.Value == SyntheticMeeting.VoiceName(2)).Key;
        var voiceprint = speakers.Single(s => s.GetProperty("id").GetString() == voice2).GetProperty("voiceprint").GetString()!;

        using var name = new MultipartFormDataContent { { new StringContent("Carol"), "name" }, { new StringContent(voiceprint), "voiceprint" } };
        using var named = await service.Client.PostAsync("/api/asr/voices", name);
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        var voice = await named.Content.ReadFromJsonAsync<JsonElement>();
        var id = voice.GetProperty("id").GetString()!;
        var listed = await service.Client.GetStringAsync("/api/asr/voices");
        Assert.Contains("\"Carol\"", listed);
        Assert.DoesNotContain(voiceprint, listed);

        // Another meeting of the same three voices in another order: voice 2 comes back as Carol, the others as letters.
        var next = SyntheticMeeting.RoundTable(3, 8, 47);
        var again = await DiarizedAsync(next);
        var nextVoices = VoiceOf(next, again);
        Assert.Equal(SyntheticMeeting.VoiceName(2), nextVoices["Carol"]);
        Assert.Equal(2, nextVoices.Keys.Count(k => k.Length == 1));

        using var deleted = await service.Client.DeleteAsync($"/api/asr/voices/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var missing = await service.Client.DeleteAsync($"/api/asr/voices/{id}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The same upload again (now from the result cache) no longer names anyone.
        Assert.All(await DiarizedAsync(next), s => Assert.Equal(1, s.Label.Length));
    }

    private async Task<List<LabeledSegment>> DiarizedAsync(SyntheticMeeting meeting)
    {
        var (status, body, _) = await OpenAiAsync(meeting, ("model", "whisper-1"), ("response_format", "diarized_json"));
        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        return Hypothesis(json.RootElement.GetProperty("segments"));
    }

    [Fact]
    public async Task A_diarized_job_keeps_its_speakers_and_its_srt_downloads_with_labels()
    {
        var meeting = Meeting.Value;
        using var form = Form(meeting.ToWav(), ("diarize", "true"), ("max_speakers", "4"), ("title", "standup"));
        using var response = await service.Client.PostAsync("/api/asr/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement job;
        do
        {
            await Task.Delay(100);
            job = await service.Client.GetFromJsonAsync<JsonElement>($"/api/asr/jobs/{id}");
        }
        while (job.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);
        Assert.Equal("completed", job.GetProperty("status").GetString());

        using var result = JsonDocument.Parse(await service.Client.GetStringAsync($"/api/asr/jobs/{id}/result?format=json"));
        Assert.Equal(3, result.RootElement.GetProperty("speakers").GetArrayLength());
        var segments = result.RootElement.GetProperty("segments");
        Assert.InRange(DiarizationErrorRate.Compute(meeting.Reference, Hypothesis(segments)).Rate, 0, 0.05);
        var srt = ParseCues(await service.Client.GetStringAsync($"/api/asr/jobs/{id}/result?format=srt&speaker_labels=true"), vtt: false);
        Assert.All(srt, c => Assert.Matches("^[ABC]: ", c.Text));
        var txt = await service.Client.GetStringAsync($"/api/asr/jobs/{id}/result?format=txt&speaker_labels=true");
        Assert.All(txt.TrimEnd('\n').Split('\n'), line => Assert.Matches("^[ABC]: ", line));
    }
}

/// <summary>A server without diarization models refuses diarize=true clearly, before any work, and says what to fetch.</summary>
public sealed class DiarizationUnavailableTests(KnownAnswerService service) : IClassFixture<KnownAnswerService>
{
    private static readonly ToneWordsAudio Audio = ToneWords.Synthesize("▁hello ▁world");

    [Fact]
    public async Task Diarize_without_models_is_a_400_naming_the_fetch_command_and_the_speaker_options_need_diarize()
    {
        var (status, body, _) = await PostAsync(service.Client, "/v1/audio/transcriptions", Form(Audio.ToWav(), ("model", "whisper-1"), ("response_format", "diarized_json")));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "diarize", "models/fetch sherpa-onnx-pyannote-segmentation-3-0");

        var (_, native, response) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(Audio.ToWav(), ("diarize", "true")));
        AssertProblem(response, native, HttpStatusCode.BadRequest, "cannot diarize");

        var (_, count, countResponse) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(Audio.ToWav(), ("num_speakers", "2")));
        AssertProblem(countResponse, count, HttpStatusCode.BadRequest, "only applies with diarize=true");

        // The diarizing model's name is not offered where it cannot run.
        Assert.DoesNotContain("gpt-4o-transcribe-diarize", await service.Client.GetStringAsync("/v1/models"));
        using var status2 = JsonDocument.Parse(await service.Client.GetStringAsync("/api/asr/model-status"));
        Assert.Equal("not_configured", status2.RootElement.GetProperty("diarization").GetString());
    }
}
