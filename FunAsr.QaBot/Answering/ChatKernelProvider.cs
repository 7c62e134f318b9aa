using FunAsr.QaBot.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// The Semantic Kernel with the OpenAI chat-completion connector pointed at <c>QaBot:Chat:Endpoint</c>
/// (Ollama, vLLM, Azure OpenAI's v1 endpoint, OpenAI); absent when no chat endpoint is configured.
/// </summary>
public sealed class ChatKernelProvider
{
    // Answers from a local model can take minutes; the shared resilience pipeline's 30 s budget is for service calls.
    private static readonly HttpClient ChatHttp = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly Kernel? _kernel;

    public ChatKernelProvider(IOptions<QaBotOptions> options, ILoggerFactory loggerFactory)
    {
        var chat = options.Value.Chat;
        if (!chat.IsConfigured)
        {
            return;
        }
        Model = chat.Model!;
        ApiKey = chat.ApiKey;
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(loggerFactory);
        builder.AddOpenAIChatCompletion(chat.Model!, new Uri(chat.Endpoint!), string.IsNullOrEmpty(chat.ApiKey) ? "none" : chat.ApiKey, httpClient: ChatHttp);
        _kernel = builder.Build();
    }

    public bool Enabled => _kernel is not null;

    public string Model { get; } = AnswerModes.Extractive;

    /// <summary>The configured key, so answers can be checked never to reveal it.</summary>
    public string? ApiKey { get; }

    /// <summary>A per-request copy, so plugins bound to one question's retrieved passages do not leak into another's.</summary>
    public Kernel CreateKernel() => (_kernel ?? throw new InvalidOperationException("No chat endpoint is configured (QaBot:Chat).")).Clone();
}
