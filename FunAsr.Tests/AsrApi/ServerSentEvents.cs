using System.Text.Json;

namespace FunAsr.Tests.AsrApi;

public sealed record ServerSentEvent(string Event, JsonElement Data);

/// <summary>Reads a text/event-stream response until the server ends it.</summary>
public static class ServerSentEvents
{
    public static async Task<List<ServerSentEvent>> ReadAllAsync(HttpClient client, string url, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var events = new List<ServerSentEvent>();
        string? name = null;
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(new ServerSentEvent(name ?? "message", JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                name = null;
            }
        }
        return events;
    }
}
