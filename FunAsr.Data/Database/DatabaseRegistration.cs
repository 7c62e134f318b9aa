using Microsoft.Extensions.Configuration;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace FunAsr.Data.Database;

/// <summary>
/// Registers one of the platform's DbContexts on the configured engine. Each context ships two migration sets, one
/// per engine, on two thin subclasses (<typeparamref name="TSqlite"/>, <typeparamref name="TPostgres"/>); callers
/// depend on <typeparamref name="TContext"/> only. Every context keeps its own migrations history table, so the
/// accounts, learning and compliance schemas share one database without seeing each other's migrations.
/// </summary>
public static class DatabaseRegistration
{
    public static readonly ActivitySource Source = new("FunAsr.Data");

    public static IHostApplicationBuilder AddFunAsrDbContext<TContext, TSqlite, TPostgres>(this IHostApplicationBuilder builder, string schemaName)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        var connection = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(DatabaseConnection))?.ImplementationInstance as DatabaseConnection
                         ?? DatabaseConnection.Resolve(builder.Configuration);
        builder.Services.TryAddSingleton(connection);
        var historyTable = $"__{schemaName}_migrations";

        if (connection.Provider == DatabaseProvider.PostgreSql)
        {
            builder.Services.AddDbContextPool<TPostgres>(options => options.UseNpgsql(connection.ConnectionString,
                npgsql => npgsql.MigrationsHistoryTable(historyTable)));
            // Aspire's enrichment: retries on transient failures, a health check, Npgsql traces and metrics.
            builder.EnrichNpgsqlDbContext<TPostgres>();
            builder.Services.AddScoped<TContext>(services => services.GetRequiredService<TPostgres>());
        }
        else
        {
            builder.Services.AddDbContextPool<TSqlite>(options => options.UseSqlite(connection.ConnectionString,
                sqlite => sqlite.MigrationsHistoryTable(historyTable)));
            builder.Services.AddScoped<TContext>(services => services.GetRequiredService<TSqlite>());
            builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>($"{schemaName}-database", HealthStatus.Unhealthy);
        }

        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter("Microsoft.EntityFrameworkCore"));
        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.MigrateAtStart)
        {
            builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        }
        return builder;
    }
}
