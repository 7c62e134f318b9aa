using FunAsr.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FunAsr.Tests.QaBot;

/// <summary>
/// The QaBot service in memory against a real Redis, with fast polling so tests do not wait on timers. Its clients act as
/// an admin the gateway signed unless a test says otherwise with <c>ActAs</c>.
/// </summary>
public sealed class QaBotFactory(string redisConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<FunAsr.QaBot.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:cache", redisConnectionString);
        builder.UseSetting("InternalAuth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("QaBot:Ingest:PollInterval", "00:00:00.050");
        builder.UseSetting("QaBot:Ingest:ReconcileInterval", "00:00:00.200");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.ActAs(TestTokens.Admin);
    }
}
