using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Storage;
using FunAsr.Security.InternalTokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.QaBot.Learning;

/// <summary>The learning service's feed: lecture and question events, and a lecture's sentences on request.</summary>
public static class LearningRegistration
{
    public static IServiceCollection AddLearningEvents(this IServiceCollection services)
    {
        // Bound without the start-up check: QaBot runs without the gateway's key too (then questions carry no asker).
        services.AddOptions<InternalTokenOptions>().BindConfiguration(InternalTokenOptions.SectionName);
        services.AddSingleton<LearningEvents>();
        return services;
    }

    public static RouteGroupBuilder MapLearningFeedEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/qa/lectures").WithTags("Learning feed");
        group.MapGet("/{id}/sentences", SentencesAsync).WithSummary("A lecture's timed sentences, as the learning service teaches from them");
        return group;
    }

    private static async Task<Results<Ok<LectureSentences>, ProblemHttpResult>> SentencesAsync(string id, LectureStore store, TimeProvider time) =>
        await store.GetAsync(id) is { } lecture && LearningFeed.Teaches(lecture)
            ? TypedResults.Ok(LearningFeed.Sentences(lecture, time.GetUtcNow().ToUnixTimeMilliseconds()))
            : LectureEndpoints.NotFound(id);
}
