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
        services.AddHttpClient<AsrClient>((sp, http) =>
        {
            var asr = sp.GetRequiredService<IOptions<QaBotOptions>>().Value.Asr;
            http.BaseAddress = asr.BaseAddress;
            http.Timeout = asr.Timeout;
        });
        return services;
    }
}
