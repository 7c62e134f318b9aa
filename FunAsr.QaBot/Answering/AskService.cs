using System.Diagnostics;
using System.Runtime.CompilerServices;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Telemetry;

namespace FunAsr.QaBot.Answering;

/// <summary>Routes a question to the generative answerer when a chat model is configured, else to the extractive one.</summary>
public sealed class AskService(
    ChatKernelProvider kernels, GenerativeAnswerer generative, ExtractiveAnswerer extractive, PassageIndex index, QaTelemetry telemetry)
{
    public const int MaxQuestionLength = 2000;

    public string Mode => kernels.Enabled ? AnswerModes.Generative : AnswerModes.Extractive;

    /// <summary>The precise reason a request cannot be answered, or null when it is fine.</summary>
    public static string? Validate(AskRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Question))
        {
            return "The 'question' field is required.";
        }
        if (request.Question.Length > MaxQuestionLength)
        {
            return $"The question is {request.Question.Length} characters long; at most {MaxQuestionLength} are allowed.";
        }
        return null;
    }

    public async Task<AskResponse> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        using var span = QaTelemetry.Source.StartActivity("qabot.ask");
        span?.SetTag("qabot.ask.mode", Mode);
        var started = Stopwatch.GetTimestamp();
        var (question, scoped) = Scope(request);
        span?.SetTag("qabot.ask.speaker_scoped", scoped.Speaker is not null);
        request = scoped;
        var response = kernels.Enabled
            ? await generative.AnswerAsync(request, question, cancellationToken)
            : await extractive.AnswerAsync(request, question, cancellationToken);
        response = response with { Speaker = request.Speaker };
        Record(response, started);
        span?.SetTag("qabot.ask.found", response.Found);
        span?.SetTag("qabot.ask.citations", response.Citations.Count);
        return response;
    }

    public async IAsyncEnumerable<(string? Delta, AskResponse? Final)> StreamAsync(
        AskRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var span = QaTelemetry.Source.StartActivity("qabot.ask.stream");
        var started = Stopwatch.GetTimestamp();
        var (question, scoped) = Scope(request);
        request = scoped;
        if (!kernels.Enabled)
        {
            var response = await extractive.AnswerAsync(request, question, cancellationToken);
            Record(response, started);
            yield return (response.Answer, null);
            yield return (null, response);
            yield break;
        }
        await foreach (var item in generative.StreamAsync(request, question, cancellationToken))
        {
            if (item.Final is not null)
            {
                Record(item.Final, started);
            }
            yield return item;
        }
    }

    // A question about what a named speaker said searches that speaker's words (SpeakerQuestion).
    private (string Question, AskRequest Request) Scope(AskRequest request)
    {
        var asked = request.Question!.Trim();
        var (question, speaker) = SpeakerQuestion.Resolve(asked, request.Speaker, index.SpeakerNames());
        return (question, request with { Speaker = speaker });
    }

    private void Record(AskResponse response, long started)
    {
        telemetry.Questions.Add(1, new("mode", response.Mode), new("found", response.Found));
        telemetry.AskDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("mode", response.Mode));
    }
}
