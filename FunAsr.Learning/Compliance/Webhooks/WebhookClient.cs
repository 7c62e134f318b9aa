namespace FunAsr.Learning.Compliance.Webhooks;

/// <summary>
/// The HTTP client webhook deliveries go out on: its own, not the factory's, because the service defaults give every
/// factory client retries, and the outbox already is the retry policy (it backs off for as long as a receiver is down,
/// where retries inside one attempt would only hold the dispatcher on one delivery).
/// </summary>
public sealed class WebhookClient : IDisposable
{
    public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Http.Dispose();
}
