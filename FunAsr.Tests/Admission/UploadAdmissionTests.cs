using System.Net;
using FunAsr.AsrService.Admission;
using FunAsr.Tests.AsrApi;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Admission;

/// <summary>An upload's buffered bytes are charged to the replica's memory budget before the body is read.</summary>
public sealed class UploadAdmissionTests
{
    private const long MiB = 1024 * 1024;

    private static AsrServiceHost Host() => new(new Dictionary<string, string?>
    {
        ["Asr:Admission:MemoryBudgetMegabytes"] = "16",
        ["Asr:Admission:MaxQueueWait"] = "00:00:00.300",
    });

    private static byte[] Noise(long bytes)
    {
        var data = new byte[bytes];
        new Random(7).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task An_upload_larger_than_the_whole_budget_is_413_before_it_is_read()
    {
        await using var host = Host();
        var client = await host.StartAsync();
        var (_, body, response) = await AsrRequests.PostAsync(client, "/api/asr/transcriptions", AsrRequests.Form(Noise(20 * MiB)));
        AsrRequests.AssertProblem(response, body, HttpStatusCode.RequestEntityTooLarge, "budget");
        Assert.Equal(0, host.Services.GetRequiredService<AdmissionControl>().Memory.InUse);
    }

    [Fact]
    public async Task An_upload_waits_for_memory_others_hold_and_is_503_with_retry_after_past_the_wait_then_admitted_once_freed()
    {
        await using var host = Host();
        var client = await host.StartAsync();
        var memory = host.Services.GetRequiredService<AdmissionControl>().Memory;
        var upload = Noise(6 * MiB);

        using (await memory.AcquireAsync(12 * MiB, CancellationToken.None))
        {
            var (_, body, busy) = await AsrRequests.PostAsync(client, "/v1/audio/transcriptions", AsrRequests.Form(upload));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.NotNull(busy.Headers.RetryAfter);
            Assert.Contains("server_busy", body);
        }

        // With the memory back, the same upload is read and reaches the decoder, which refuses the noise for what it is.
        var (status, decodedBody, _) = await AsrRequests.PostAsync(client, "/v1/audio/transcriptions", AsrRequests.Form(upload));
        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{status}: {decodedBody}");
        // Released when the response is done (just after the client has it).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (memory.InUse != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(0, memory.InUse);
    }
}
