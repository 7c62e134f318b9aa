using System.ClientModel;
using FunAsr.Learning.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace FunAsr.Learning.Quizzes;

/// <summary>
/// With <c>Learning:Llm</c> configured, turns a cloze into a question in plain words ("What do you call …?") whose answer is
/// still the concept, checked so the question does not give the answer away; without it, or when the model fails or its
/// question does not pass the checks, the cloze stays.
/// </summary>
public sealed class QuestionWriter
{
    private const int MaxQuestionLength = 300;
    private readonly IChatClient? _chat;
    private readonly ILogger<QuestionWriter> _logger;
    private readonly TimeSpan _timeout;

    public QuestionWriter(IOptions<LearningOptions> options, ILogger<QuestionWriter> logger)
    {
        _logger = logger;
        var llm = options.Value.Llm;
        _timeout = llm.Timeout;
        if (llm.Enabled)
        {
            var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(llm.ApiKey) ? "none" : llm.ApiKey),
                new OpenAIClientOptions { Endpoint = new Uri(llm.Endpoint!), NetworkTimeout = llm.Timeout });
            _chat = client.GetChatClient(llm.Model).AsIChatClient();
        }
    }

    public bool Enabled => _chat is not null;

    public async Task<DraftItem> RewriteAsync(DraftItem cloze, string language, CancellationToken cancellationToken)
    {
        if (_chat is null || cloze.Kind != ItemKind.Cloze || cloze.Answer.Accepted is not { Count: > 0 } accepted)
        {
            return cloze;
        }
        var chinese = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var instructions = chinese
            ? "你为企业培训出题。根据给出的课程原句和答案，写一个简短的问题，使答案正好是给出的答案。问题里不能出现答案。只输出问题本身。"
            : "You write quiz questions for workplace training. From the lecture sentence and its answer, write one short question whose answer is exactly the given answer. The question must not contain the answer. Reply with the question only.";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            var response = await _chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, instructions), new ChatMessage(ChatRole.User, $"Sentence: {cloze.Sentence.Text}\nAnswer: {accepted[0]}")],
                new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 120 }, timeout.Token);
            var question = response.Text.Trim().Trim('"', '“', '”').Trim();
            if (question.Length is 0 or > MaxQuestionLength || !(question.EndsWith('?') || question.EndsWith('？'))
                || accepted.Any(a => question.Contains(a, StringComparison.OrdinalIgnoreCase)))
            {
                _logger.LogInformation("The model's question for '{Answer}' did not pass the checks; the cloze stays", accepted[0]);
                return cloze;
            }
            return cloze with { Kind = ItemKind.ShortAnswer, Prompt = question, Writer = "llm" };
        }
        catch (Exception ex) when (ex is HttpRequestException or ClientResultException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The question model did not answer ({Reason}); the cloze stays", ex.Message);
            return cloze;
        }
    }
}
