using System.Net.Sockets;
using System.Text;
using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Orchestration;

/// <summary>Aspire's health checks for our resource types: Redis answers PING, a project answers <c>/health</c> with 200.</summary>
internal sealed class HealthProbe(HttpClient http)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<bool> IsHealthyAsync(InstancePlan instance, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return instance.Resource switch
            {
                RedisResource redis => await RedisPingAsync(instance.Port, redis.Password, timeout.Token),
                ProjectResource => await HttpHealthAsync(instance.Url!, timeout.Token),
                _ => false,
            };
        }
        catch (Exception ex) when (ex is IOException or SocketException or HttpRequestException or OperationCanceledException)
        {
            // A probe that timed out or was cancelled with its replica counts as unhealthy; the caller checks its own token.
            return false;
        }
    }

    private async Task<bool> HttpHealthAsync(string baseUrl, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(baseUrl + "/health", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    private static async Task<bool> RedisPingAsync(int port, string password, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        await using var stream = client.GetStream();
        var command = password.Length > 0 ? $"AUTH {password}\r\nPING\r\n" : "PING\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command), cancellationToken);
        var expected = password.Length > 0 ? "+OK\r\n+PONG\r\n" : "+PONG\r\n";
        var buffer = new byte[64];
        var received = new StringBuilder();
        while (received.Length < expected.Length)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return received.ToString() == expected;
    }
}
