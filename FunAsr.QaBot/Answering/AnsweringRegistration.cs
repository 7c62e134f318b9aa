using FunAsr.QaBot.Configuration;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Answering;

public static class AnsweringRegistration
{
    public static IServiceCollection AddAnswering(this IServiceCollection services)
    {
        services.AddSingleton<ChatKernelProvider>();
        services.AddSingleton<AnswerWindowScorer>();
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddSingleton<GenerativeAnswerer>();
        services.AddSingleton<AskService>();
        // Base address http://asr is resolved by service discovery (services:asr:http:N) through the default client pipeline.
        // The default resilience (10 s per attempt, three retries on 429/5xx) is replaced: a transcription is sent once,
        // and AsrClient sizes its own timeout to the recording.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers, the one way to drop the default handler for one client, is marked experimental.
        services.AddHttpClient<AsrClient>((sp, http) =>
            {
                var asr = sp.GetRequiredService<IOptions<QaBotOptions>>().Value.Asr;
                http.BaseAddress = asr.BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("asr-transcription", AsrClient.ConfigureRetry);
#pragma warning restore EXTEXP0001
        return services;
    }
}
