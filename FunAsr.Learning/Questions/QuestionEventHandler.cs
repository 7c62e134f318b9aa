using System.Text.Json;
using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.Learning.Questions;

/// <summary>One entry of QaBot's question stream: recorded once as an asked question and an xAPI "asked" statement.</summary>
public sealed class QuestionEventHandler(IServiceScopeFactory scopes, ILogger<QuestionEventHandler> logger) : IStreamEntryHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    Task IStreamEntryHandler.HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken) =>
        HandleAsync(delivery["payload"].ToString(), cancellationToken);

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        QuestionEvent? asked;
        try
        {
            asked = JsonSerializer.Deserialize<QuestionEvent>(payload, Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("A malformed question event was skipped: {Reason}", ex.Message);
            return;
        }
        if (asked is null)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<QuestionRecorder>().RecordAsync(asked, cancellationToken);
    }
}
