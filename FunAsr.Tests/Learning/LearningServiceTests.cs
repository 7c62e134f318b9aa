using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Data;
using FunAsr.Learning.Records;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Learning;

/// <summary>The service as the gateway sees it: its own schema migrated at start, nothing but health without the gateway's token.</summary>
public sealed class LearningServiceTests : IAsyncLifetime
{
    private readonly LearningHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Only_health_answers_without_the_gateway_token()
    {
        using var anonymous = _host.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        using var refused = await anonymous.GetAsync("/api/learning/about");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("missing_gateway_token", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var employee = _host.Client(LearningHost.Person("emp-1"));
        var about = await employee.GetFromJsonAsync<JsonElement>("/api/learning/about");
        Assert.Equal("emp-1", about.GetProperty("subject").GetString());
        Assert.Equal("1.0.3", about.GetProperty("xApiVersion").GetString());
    }

    [Fact]
    public async Task Statements_cannot_be_updated_or_deleted_in_the_database()
    {
        _ = _host.Address;
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        db.Statements.Add(new StoredStatement
        {
            Id = Guid.NewGuid(), ActorKey = "emp-1", VerbId = "http://adlnet.gov/expapi/verbs/answered",
            ActivityId = "https://funasr.local/quiz/1", Timestamp = DateTime.UtcNow, Stored = DateTime.UtcNow, Json = "{}",
        });
        await db.SaveChangesAsync();
        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.Statements.ExecuteUpdateAsync(s => s.SetProperty(x => x.Json, "{\"edited\":true}")));
        Assert.Contains("append-only", update.Message + update.InnerException?.Message);
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => db.Statements.ExecuteDeleteAsync());
        Assert.Contains("append-only", delete.Message + delete.InnerException?.Message);
    }

    public static TheoryData<string> Engines => ["sqlite", "postgresql"];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Each_engines_migrations_describe_the_current_model(string engine)
    {
        var assembly = typeof(LearningDbContext).Assembly;
        using DbContext db = engine == "sqlite"
            ? ((IDesignTimeDbContextFactory<SqliteLearningDbContext>)Activator.CreateInstance(assembly.GetType("FunAsr.Learning.Data.SqliteLearningDesignFactory")!, true)!).CreateDbContext([])
            : ((IDesignTimeDbContextFactory<PostgreSqlLearningDbContext>)Activator.CreateInstance(assembly.GetType("FunAsr.Learning.Data.PostgreSqlLearningDesignFactory")!, true)!).CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), $"the {engine} learning migrations are behind the model: add a migration for it");
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_StatementsAppendOnly"));
    }
}
