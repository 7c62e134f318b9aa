using FunAsr.Data.Database;
using FunAsr.Learning.Compliance.Access;
using FunAsr.Learning.Compliance.Alerts;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Audit.Anchors;
using FunAsr.Learning.Compliance.Certificates;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.Documents;
using FunAsr.Learning.Compliance.Jobs;
using FunAsr.Learning.Compliance.Live;
using FunAsr.Learning.Compliance.People;
using FunAsr.Learning.Compliance.Redactions;
using FunAsr.Learning.Compliance.Reports;
using FunAsr.Learning.Compliance.Retention;
using FunAsr.Learning.Compliance.Terms;
using FunAsr.Learning.Compliance.Training;
using FunAsr.Learning.Compliance.Webhooks;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace FunAsr.Learning.Compliance;

/// <summary>
/// The compliance part of the learning service, in one pair the service's composition root calls:
/// <see cref="AddCompliance"/> (its own schema and migrations, options, jobs) and <see cref="MapComplianceApi"/>
/// (<c>/api/compliance/**</c> and the public <c>/verify/{id}</c>).
/// </summary>
public static class ComplianceRegistration
{
    /// <summary>The shared Redis (Aspire's <c>cache</c> resource), for live findings and the shared term list.</summary>
    public const string RedisConnectionName = "cache";

    public static IHostApplicationBuilder AddCompliance(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComplianceOptions>, ComplianceOptionsValidator>());
        builder.AddFunAsrDbContext<ComplianceDbContext, SqliteComplianceDbContext, PostgreSqlComplianceDbContext>(ComplianceDbContext.SchemaName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ComplianceTelemetry>();
        services.AddExceptionHandler<ComplianceExceptionHandler>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AnchorKey>();
        services.AddSingleton<IAnchorSink, FileAnchorSink>();
        services.AddSingleton<IAnchorSink, RedisAnchorSink>();
        services.AddSingleton<AuditAnchor>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<PdfFonts>();
        services.AddSingleton<ReportRenderer>();
        services.TryAddSingleton<InternalTokenIssuer>();
        services.AddScoped<TermStore>();
        services.AddScoped<AlertService>();
        services.AddScoped<LearningEvidence>();
        services.AddScoped<TrainingService>();
        services.AddScoped<ReminderSender>();
        services.AddScoped<CertificateService>();
        services.AddScoped<ReportService>();
        services.AddScoped<RetentionService>();
        services.AddScoped<ClearTextViews>();
        services.AddScoped<AppliedRedactions>();
        services.AddSingleton<IRetentionTarget, AlertRetention>();
        services.AddSingleton<IRetentionTarget, TranscriptRetention>();

        services.AddSingleton<WebhookClient>();
        services.AddHttpClient(TranscriptRetention.ClientName, (sp, client) =>
            client.BaseAddress = sp.GetRequiredService<IOptionsMonitor<ComplianceOptions>>().CurrentValue.Retention.QaBot);
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<ReminderJob>();
        services.AddHostedService<ReportScheduleJob>();
        services.AddHostedService<RetentionJob>();
        services.AddHostedService<AuditVerifyJob>();
        services.AddHostedService<AnchorJob>();

        // Live: findings the speech service hears arrive on a Redis stream; the term list goes the other way.
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(RedisConnectionName)) && !services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer)))
        {
            builder.AddRedisClient(RedisConnectionName, configureOptions: redis => redis.BacklogPolicy = BacklogPolicy.FailFast);
        }
        services.AddHostedService<TermListPublisher>();
        services.AddComplianceStream<FindingStreamHandler>(ComplianceChannels.FindingsStream, ComplianceChannels.FindingsGroup, live => live.ConsumeFindings);
        // Clear-text views the Q&A service reports before it shows a redacted lecture's text, each one a trail row.
        services.AddComplianceStream<AccessStreamHandler>(ComplianceChannels.AccessStream, ComplianceChannels.AccessGroup, live => live.ConsumeAccess);
        // Redactions the speech service applied (a job completed, a synchronous answer given), each one a trail row.
        services.AddComplianceStream<RedactionStreamHandler>(ComplianceChannels.RedactionsStream, ComplianceChannels.RedactionsGroup, live => live.ConsumeRedactions);

        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(ComplianceTelemetry.Name));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(ComplianceTelemetry.Name));
        return builder;
    }

    /// <summary>A stream another service feeds the compliance service with, consumed at the live poll interval unless switched off.</summary>
    private static void AddComplianceStream<THandler>(this IServiceCollection services, string stream, string group, Func<LiveOptions, bool> enabled)
        where THandler : class, IStreamEntryHandler =>
        services.AddRedisStreamConsumer<THandler>()
            .Configure<IOptions<ComplianceOptions>>((consumer, compliance) =>
            {
                consumer.StreamName = stream;
                consumer.ConsumerGroup = group;
                consumer.PollInterval = compliance.Value.Live.PollInterval;
                consumer.Workers = enabled(compliance.Value.Live) ? 1 : 0;
                consumer.BatchSize = 50;
            });

    public static IEndpointRouteBuilder MapComplianceApi(this IEndpointRouteBuilder app)
    {
        var compliance = app.MapGroup("/api/compliance").WithTags("Compliance").AddEndpointFilter(RecordCaller);
        compliance.MapTermEndpoints();
        compliance.MapAlertEndpoints();
        compliance.MapTrainingEndpoints();
        compliance.MapCertificateEndpoints(app);
        compliance.MapReportEndpoints();
        compliance.MapRetentionEndpoints();
        compliance.MapAuditEndpoints();
        return app;
    }

    // Everyone who reaches compliance through the gateway joins the roster training is assigned from.
    private static async ValueTask<object?> RecordCaller(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (Caller.From(context.HttpContext.User) is { } caller)
        {
            await context.HttpContext.RequestServices.GetRequiredService<PeopleDirectory>().SeenAsync(caller, context.HttpContext.RequestAborted);
        }
        return await next(context);
    }
}

/// <summary>Start-up checks the attributes cannot express: receiver names unique, subscribed events known.</summary>
public sealed class ComplianceOptionsValidator : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        var failures = new List<string>();
        foreach (var duplicate in options.Webhooks.GroupBy(w => w.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"Compliance:Webhooks has two receivers named '{duplicate.Key}'.");
        }
        foreach (var receiver in options.Webhooks)
        {
            if (receiver.Url is { } url && url.Scheme is not ("http" or "https"))
            {
                failures.Add($"Compliance:Webhooks '{receiver.Name}': Url must be http or https.");
            }
            foreach (var unknown in receiver.Events.Where(e => !WebhookEvents.All.Contains(e, StringComparer.OrdinalIgnoreCase)))
            {
                failures.Add($"Compliance:Webhooks '{receiver.Name}': event '{unknown}' is not one of {string.Join(", ", WebhookEvents.All)}.");
            }
            if (string.IsNullOrEmpty(receiver.Name) || receiver.Secret.Length < 16)
            {
                failures.Add($"Compliance:Webhooks '{receiver.Name}': a Name and a Secret of at least 16 characters are required.");
            }
        }
        if (options.Audit.AnchorKey is { Length: > 0 } anchorKey && AnchorKey.Invalid(anchorKey) is { } keyProblem)
        {
            failures.Add($"Compliance:Audit:AnchorKey must be an ECDSA P-256 private key in PEM: {keyProblem}.");
        }
        foreach (var (retired, index) in options.Audit.RetiredAnchorKeys.Select((k, i) => (k, i)))
        {
            if (AnchorKey.InvalidPublic(retired) is { } why)
            {
                failures.Add($"Compliance:Audit:RetiredAnchorKeys:{index} must be an ECDSA P-256 public key in PEM: {why}.");
            }
        }
        if (options.Reminders.SendFromHour >= options.Reminders.SendUntilHour)
        {
            failures.Add("Compliance:Reminders:SendFromHour must be before SendUntilHour.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
