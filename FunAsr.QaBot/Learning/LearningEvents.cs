using System.Security.Claims;
using System.Text.Json;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Lectures;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using StackExchange.Redis;

namespace FunAsr.QaBot.Learning;

/// <summary>
/// Publishes what the learning service learns from, on Redis streams it consumes at its own pace: a lecture stored or
/// deleted (<c>qa:events:lectures</c>, with its timed sentences) and a question answered (<c>qa:events:questions</c>: who
/// asked, what, the answer and the lectures it cited). Publishing never fails the request that caused it: with Redis
/// unavailable the event is logged and dropped (the learning service can still pull a lecture's sentences).
/// </summary>
public sealed class LearningEvents(IConnectionMultiplexer redis, IOptions<InternalTokenOptions> tokens, TimeProvider time, ILogger<LearningEvents> logger)
{
    public const string LectureStream = "qa:events:lectures";
    public const string QuestionStream = "qa:events:questions";

    // Streams are trimmed to about this many entries: a consumer that fell further behind re-reads lectures by pulling them.
    private const int MaxEntries = 50_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A lecture saved. The learning layer's graph and quizzes are shared by everyone, so a private lecture is not taught
    /// there: it is published as deleted (which also takes out a lecture just made private).
    /// </summary>
    public Task LectureStoredAsync(Lecture lecture) => LearningFeed.Teaches(lecture)
        ? PublishAsync(LectureStream, "upserted", LearningFeed.Sentences(lecture, time.GetUtcNow().ToUnixTimeMilliseconds()))
        : LectureDeletedAsync(lecture.Id);

    public Task LectureDeletedAsync(string lectureId) =>
        PublishAsync(LectureStream, "deleted", new { id = lectureId, revision = time.GetUtcNow().ToUnixTimeMilliseconds() });

    /// <summary>A question answered for the caller of <paramref name="context"/>; anonymous questions are not learning records.</summary>
    public async Task QuestionAnsweredAsync(HttpContext context, string question, string? language, AskResponse response)
    {
        var caller = await CallerAsync(context);
        if (caller is null)
        {
            return;
        }
        var lectures = response.Citations.DistinctBy(c => c.LectureId).Select(c => new { lectureId = c.LectureId, title = c.Title }).ToList();
        await PublishAsync(QuestionStream, "answered", new
        {
            id = Guid.NewGuid(),
            userId = caller.Subject,
            name = caller.Name,
            department = caller.Department,
            question,
            answer = response.Answer,
            found = response.Found,
            language = language ?? Text.Scripts.TextScript.DetectLanguage(question),
            lectures,
            askedAt = time.GetUtcNow(),
        });
    }

    private async Task PublishAsync(string stream, string kind, object payload)
    {
        try
        {
            await redis.GetDatabase().StreamAddAsync(stream,
                [new NameValueEntry("kind", kind), new NameValueEntry("payload", JsonSerializer.Serialize(payload, Json))],
                maxLength: MaxEntries, useApproximateMaxLength: true);
        }
        catch (RedisException ex)
        {
            logger.LogWarning("Could not publish a {Kind} event on {Stream}: {Reason}", kind, stream, ex.Message);
        }
    }

    /// <summary>
    /// Who asked: the authenticated caller once QaBot checks the gateway's token itself, until then the token on the
    /// request, verified with the same key (never an unverified header).
    /// </summary>
    private async Task<Caller?> CallerAsync(HttpContext context)
    {
        if (Caller.From(context.User) is { } known)
        {
            return known;
        }
        var token = context.Request.Headers[InternalAuthentication.HeaderName].ToString();
        var options = tokens.Value;
        if (token.Length == 0 || options.SigningKey.Length < InternalTokenOptions.MinimumKeyLength)
        {
            return null;
        }
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, InternalAuthentication.ValidationParameters(options));
        return result.IsValid ? Caller.From(new ClaimsPrincipal(result.ClaimsIdentity)) : null;
    }
}
