namespace FunAsr.QaBot.Storage;

public static class RedisRegistration
{
    public const string ConnectionName = "cache";

    /// <summary>Lectures live in Redis: the Aspire Redis client (connection, health check, tracing) for <c>ConnectionStrings:cache</c>.</summary>
    public static IHostApplicationBuilder AddQaRedis(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ConnectionName);
        builder.Services.AddSingleton<LectureStore>();
        return builder;
    }
}
