using FunAsr.Messaging;
using FunAsr.QaBot.Configuration;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Ingest;

public static class TranscriptIngestRegistration
{
    /// <summary>Consumes the <c>transcripts</c> stream the ASR service publishes finished transcripts to (section <c>QaBot:Ingest</c>).</summary>
    public static IServiceCollection AddTranscriptIngest(this IServiceCollection services)
    {
        services.AddRedisStreamConsumer<TranscriptEntryHandler>()
            .Configure<IOptions<QaBotOptions>>((consumer, qabot) =>
            {
                var ingest = qabot.Value.Ingest;
                consumer.StreamName = ingest.StreamName;
                consumer.ConsumerGroup = ingest.ConsumerGroup;
                consumer.ConsumerName = ingest.ConsumerName;
                consumer.Workers = ingest.Enabled ? 1 : 0;
                consumer.BatchSize = ingest.BatchSize;
                consumer.PollInterval = ingest.PollInterval;
                consumer.ClaimIdleTime = ingest.ClaimMinIdle;
            });
        return services;
    }
}
