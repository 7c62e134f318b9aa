using System.Text.Json;
using FunAsr.Learning.Knowledge;
using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.Learning.Lectures;

/// <summary>
/// One entry of QaBot's lecture stream: <c>upserted</c> (the lecture's timed sentences) indexes the lecture into knowledge
/// points, <c>deleted</c> takes it out of the graph. Entries are handled at least once; indexing the same revision twice
/// changes nothing, an older revision is ignored.
/// </summary>
public sealed class LectureEventHandler(IServiceScopeFactory scopes, ILogger<LectureEventHandler> logger) : IStreamEntryHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    Task IStreamEntryHandler.HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken) =>
        HandleAsync(delivery["kind"].ToString(), delivery["payload"].ToString(), cancellationToken);

    public async Task HandleAsync(string kind, string payload, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var indexer = scope.ServiceProvider.GetRequiredService<KnowledgeIndexer>();
        switch (kind)
        {
            case "upserted":
                var content = Parse<LectureContent>(payload);
                if (content is null || string.IsNullOrWhiteSpace(content.Id) || content.Sentences is null)
                {
                    logger.LogWarning("A lecture event without an id or sentences was skipped");
                    return;
                }
                await indexer.IndexAsync(content, cancellationToken);
                return;
            case "deleted":
                if (Parse<DeletedLecture>(payload) is { Id.Length: > 0 } deleted)
                {
                    await indexer.RemoveAsync(deleted.Id, cancellationToken);
                }
                return;
            default:
                logger.LogDebug("Lecture event of kind {Kind} ignored", kind);
                return;
        }
    }

    private T? Parse<T>(string payload) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Json);
        }
        catch (JsonException ex)
        {
            // A malformed entry is acknowledged and logged: redelivering it would fail the same way forever.
            logger.LogWarning("A malformed lecture event was skipped: {Reason}", ex.Message);
            return null;
        }
    }

    private sealed record DeletedLecture(string Id);
}
