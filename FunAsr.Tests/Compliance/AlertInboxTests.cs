using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Compliance.Alerts;
using FunAsr.Learning.Compliance.Webhooks;
using FunAsr.Security.Authorization;
using FunAsr.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Tests.Compliance;

/// <summary>Findings become alerts once, reach the inbox stream at once, are acknowledged by name, and reach a webhook receiver signed, even one that was down.</summary>
public sealed class AlertInboxTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-tests-0123456789";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentQueue<(string Event, string Delivery, string Signature, string Body)> _received = new();
    private volatile bool _receiverDown;
    private StandInService _receiver = null!;
    private ComplianceHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await StandInService.StartAsync("webhooks", app => app.MapPost("/hook", async (HttpContext context) =>
        {
            if (_receiverDown)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            _received.Enqueue((context.Request.Headers[WebhookSignature.EventHeader].ToString(), context.Request.Headers[WebhookSignature.DeliveryHeader].ToString(),
                context.Request.Headers[WebhookSignature.Header].ToString(), body));
            return Results.Ok();
        }));
        _host = new ComplianceHost(new Dictionary<string, string?>
        {
            ["Compliance:Webhooks:0:Name"] = "siem",
            ["Compliance:Webhooks:0:Url"] = new Uri(_receiver.Address, "/hook").ToString(),
            ["Compliance:Webhooks:0:Secret"] = Secret,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private static object Finding(string key, string kind = "phoneNumber", string excerpt = "请拨打138****5678联系") => new
    {
        dedupeKey = key, kind, source = "live", sourceId = "session-7", sourceTitle = "Weekly sales call", personId = "emp-9", personName = "Wang Fang",
        department = "sales", excerpt, confidence = 0.98, reason = "mainland mobile number", startTime = 12.4, endTime = 14.9,
        detectedAt = DateTimeOffset.UtcNow,
    };

    private HttpClient Producer() => _host.Client(ComplianceHost.Person("service:asr", Roles.Content, null, "ASR service"));

    [Fact]
    public async Task A_reported_finding_raises_one_alert_even_when_reported_twice()
    {
        using var producer = Producer();
        using var first = await producer.PostAsJsonAsync("/api/compliance/findings", new[] { Finding("session-7:f12:0") });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var again = await producer.PostAsJsonAsync("/api/compliance/findings", new[] { Finding("session-7:f12:0"), Finding("session-7:f12:1", "customer", "我们和[CUSTOMER]签了") });
        var raised = await again.Content.ReadFromJsonAsync<List<AlertView>>(Json);
        Assert.Equal(2, raised!.Count);

        using var officer = _host.Client(ComplianceHost.Officer);
        var inbox = await officer.GetFromJsonAsync<List<AlertView>>("/api/compliance/alerts", Json);
        Assert.Equal(2, inbox!.Count);
        Assert.Equal("customer", inbox[0].Kind); // newest first
        var phone = inbox[1];
        Assert.Equal(("live", "session-7", 12.4, 14.9, "Wang Fang"), (phone.Source, phone.SourceId, phone.StartTime!.Value, phone.EndTime!.Value, phone.PersonName));
        Assert.Null(phone.AcknowledgedAt);
        var audit = await officer.GetFromJsonAsync<List<JsonElement>>("/api/compliance/audit?kind=alert.raised", Json);
        Assert.Equal(2, audit!.Count);
        Assert.All(audit, row => Assert.Equal("service:asr", row.GetProperty("actorId").GetString()));
    }

    [Fact]
    public async Task Bad_findings_are_refused_with_the_field_that_is_wrong_and_employees_cannot_report_or_read()
    {
        using var producer = Producer();
        using var bad = await producer.PostAsJsonAsync("/api/compliance/findings", new[] { new { dedupeKey = "k", kind = "shoeSize", source = "live", excerpt = "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("shoeSize", problem.GetProperty("detail").GetString());
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        using var noExcerpt = await producer.PostAsJsonAsync("/api/compliance/findings", new[] { new { dedupeKey = "k", kind = "email", source = "live" } });
        Assert.Equal(HttpStatusCode.BadRequest, noExcerpt.StatusCode);

        using var employee = _host.Client(ComplianceHost.Person("emp-1"));
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.PostAsJsonAsync("/api/compliance/findings", new[] { Finding("x") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/compliance/alerts")).StatusCode);
    }

    [Fact]
    public async Task New_alerts_appear_on_the_inbox_stream_without_asking_again()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        officer.Timeout = TimeSpan.FromSeconds(30);
        using var stream = await officer.GetAsync("/api/compliance/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("ready", await NextEventAsync(reader));

        using var producer = Producer();
        var watch = Stopwatch.StartNew();
        await producer.PostAsJsonAsync("/api/compliance/findings", new[] { Finding("live:1") });
        var (name, data) = await NextEventWithDataAsync(reader);
        Assert.Equal("alert", name);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the alert took {watch.Elapsed.TotalMilliseconds:0} ms to reach the stream");
        Assert.Equal("phoneNumber", JsonDocument.Parse(data).RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Acknowledging_records_who_and_when_once_and_tells_the_receiver()
    {
        using var producer = Producer();
        var alert = (await (await producer.PostAsJsonAsync("/api/compliance/findings", new[] { Finding("ack:1") })).Content.ReadFromJsonAsync<List<AlertView>>(Json))![0];
        using var officer = _host.Client(ComplianceHost.Officer);
        using var acknowledged = await officer.PostAsJsonAsync($"/api/compliance/alerts/{alert.Id}/acknowledge", new { note = "Customer consented; no leak." });
        var view = await acknowledged.Content.ReadFromJsonAsync<AlertView>(Json);
        Assert.Equal(("officer", "Olivia Officer", "Customer consented; no leak."), (view!.AcknowledgedBy, view.AcknowledgedByName, view.AcknowledgementNote));
        Assert.NotNull(view.AcknowledgedAt);
        using var twice = await officer.PostAsJsonAsync($"/api/compliance/alerts/{alert.Id}/acknowledge", new { note = "again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsJsonAsync($"/api/compliance/alerts/{Guid.NewGuid()}/acknowledge", new { })).StatusCode);

        await WaitForAsync(() => _received.Any(r => r.Event == WebhookEvents.AlertAcknowledged));
        var open = await officer.GetFromJsonAsync<List<AlertView>>("/api/compliance/alerts?acknowledged=false", Json);
        Assert.Empty(open!);
    }

    [Fact]
    public async Task Webhook_deliveries_are_signed_and_none_is_lost_while_the_receiver_is_down()
    {
        using var producer = Producer();
        await producer.PostAsJsonAsync("/api/compliance/findings", new[] { Finding("hook:1") });
        await WaitForAsync(() => _received.Any(r => r.Event == WebhookEvents.AlertRaised));
        var delivery = _received.Single(r => r.Event == WebhookEvents.AlertRaised);
        Assert.True(WebhookSignature.Verify(Secret, delivery.Signature, delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("another-secret-0123456789", delivery.Signature, delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, delivery.Signature, delivery.Body.Replace("138", "139"), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        var body = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal(delivery.Delivery, body.GetProperty("id").GetString());
        Assert.Equal("session-7", body.GetProperty("data").GetProperty("sourceId").GetString());
        Assert.DoesNotContain("13812345678", delivery.Body);

        // The receiver goes down: three alerts are raised, attempts fail and are retried, nothing is delivered.
        _receiverDown = true;
        await producer.PostAsJsonAsync("/api/compliance/findings", new[] { Finding("hook:2"), Finding("hook:3"), Finding("hook:4") });
        await WaitForAsync(() => _host.WithDbAsync(db => db.Outbox.AnyAsync(d => d.Attempts >= 2 && d.DeliveredAt == null)));
        Assert.Single(_received, r => r.Event == WebhookEvents.AlertRaised);

        // Back up: every one arrives, once.
        _receiverDown = false;
        await WaitForAsync(() => _received.Count(r => r.Event == WebhookEvents.AlertRaised) >= 4, TimeSpan.FromSeconds(15));
        var deliveries = _received.Where(r => r.Event == WebhookEvents.AlertRaised).Select(r => r.Delivery).ToList();
        Assert.Equal(4, deliveries.Distinct().Count());
        var pending = await _host.WithDbAsync(db => db.Outbox.CountAsync(d => d.DeliveredAt == null));
        Assert.Equal(0, pending);
        var failed = await _host.WithDbAsync(db => db.Outbox.Where(d => d.Attempts > 1).Select(d => d.LastError).ToListAsync());
        Assert.NotEmpty(failed);
    }

    private static async Task<string?> NextEventAsync(StreamReader reader) => (await NextEventWithDataAsync(reader)).Name;

    private static async Task<(string? Name, string Data)> NextEventWithDataAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? name = null;
        var data = "";
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event:")) name = line[6..].Trim();
            else if (line.StartsWith("data:")) data += line[5..].Trim();
            else if (line.Length == 0 && name is not null)
            {
                if (name != "ping") return (name, data);
                (name, data) = (null, "");
            }
        }
        throw new InvalidOperationException("the stream ended");
    }

    private static Task WaitForAsync(Func<bool> condition, TimeSpan? timeout = null) => WaitForAsync(() => Task.FromResult(condition()), timeout);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }
            await Task.Delay(50);
        }
    }
}
