using FunAsr.Learning.Configuration;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Questions;
using FunAsr.Messaging;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Events;

public static class LearningEventsRegistration
{
    /// <summary>The Redis connection the AppHost gives every service (<c>WithReference(cache)</c>).</summary>
    public const string ConnectionName = "cache";

    /// <summary>
    /// Consumes QaBot's lecture and question streams (section <c>Learning:Events</c>) in group <c>learning</c> with the
    /// shared stream consumer. Without a <c>cache</c> connection the service still works on lectures it pulls from QaBot
    /// when a quiz or an index is asked for, but records no asked questions; it says so at start.
    /// </summary>
    public static IHostApplicationBuilder AddLearningEvents(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            builder.Services.AddHostedService<NoEventsNotice>();
            return builder;
        }
        builder.AddRedisClient(ConnectionName);
        builder.Services.AddRedisStreamConsumer<LectureEventHandler>()
            .Configure<IOptions<LearningOptions>>((consumer, learning) => From(consumer, learning.Value.Events, learning.Value.Events.LectureStream));
        builder.Services.AddRedisStreamConsumer<QuestionEventHandler>()
            .Configure<IOptions<LearningOptions>>((consumer, learning) => From(consumer, learning.Value.Events, learning.Value.Events.QuestionStream));
        return builder;
    }

    private static void From(StreamConsumerOptions consumer, EventOptions events, string stream)
    {
        consumer.StreamName = stream;
        consumer.ConsumerGroup = events.ConsumerGroup;
        consumer.PollInterval = events.PollInterval;
        // Both streams are event logs other groups may read too: entries stay after this group acknowledges them.
        consumer.DeleteAfterAcknowledge = false;
    }

    private sealed class NoEventsNotice(ILogger<NoEventsNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("No ConnectionStrings:{Name}: lectures are indexed only when pulled from QaBot, and asked questions are not recorded", ConnectionName);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
