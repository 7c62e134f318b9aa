namespace FunAsr.Tests.AsrApi;

/// <summary>One ASR service on the known-answer model, shared by a test class (model loading is the slow part).</summary>
public sealed class KnownAnswerService : IAsyncLifetime
{
    public AsrServiceHost Host { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
