namespace FunAsr.QaBot.Retrieval;

public static class RetrievalRegistration
{
    public static IServiceCollection AddRetrieval(this IServiceCollection services)
    {
        services.AddSingleton<PassageChunker>();
        services.AddSingleton<PassageIndex>();
        services.AddSingleton<DenseIndex>();
        services.AddSingleton<PassageRetriever>();
        services.AddSingleton<LectureIndexer>();
        services.AddSingleton<IndexSynchronizer>();
        services.AddHostedService(sp => sp.GetRequiredService<IndexSynchronizer>());
        services.AddHostedService<AnalysisWarmup>();
        return services;
    }
}
