using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FunAsr.Tests.AppHost;

/// <summary>
/// What the AppHost gives the gateway for accounts, inspected without starting anything: the internal token's key as one
/// secret parameter shared with every service, the database (a SQLite file by default, PostgreSQL when asked:
/// PostgresModelTests), and a development admin whose password is generated once and kept, in Development only.
/// </summary>
public sealed class AccountsModelTests
{
    private static Task<IDistributedApplicationTestingBuilder> ModelAsync(params string[] args) => AppHostModel.BuildAsync(["--AppHost:Redis=executable", .. args]);

    private static Task<Dictionary<string, object>> EnvironmentOf(IResource resource) => AppHostModel.EnvironmentOf(resource);

    [Fact]
    public async Task Every_service_verifies_the_gateways_token_with_one_secret_parameter()
    {
        await using var builder = await ModelAsync();

        foreach (var name in new[] { "asr", "qabot", "gateway" })
        {
            var key = Assert.IsType<ParameterResource>((await EnvironmentOf(builder.Resources.Single(r => r.Name == name)))["InternalAuth__SigningKey"]);
            Assert.Equal("internal-signing-key", key.Name);
            Assert.True(key.Secret);
        }
    }

    [Fact]
    public async Task By_default_the_accounts_are_a_sqlite_file_in_the_data_folder_and_a_development_admin_is_seeded()
    {
        await using var builder = await ModelAsync();
        var gateway = builder.Resources.Single(r => r.Name == "gateway");
        var environment = await EnvironmentOf(gateway);

        Assert.DoesNotContain(builder.Resources, r => r is PostgresServerResource);
        Assert.EndsWith("database", (string)environment["Database__DataDirectory"]);
        Assert.Equal("admin", environment["Accounts__Bootstrap__UserName"]);
        var password = Assert.IsType<ParameterResource>(environment["Accounts__Bootstrap__Password"]);
        Assert.True(password.Secret);
        var value = await password.GetValueAsync(CancellationToken.None);
        Assert.True(value!.Length >= 12, "the password meets the gateway's policy");

        // Kept in the data folder: the next run signs in with the same password.
        var data = builder.Configuration["AppHost:DataDirectory"]!;
        Assert.Equal(value, File.ReadAllText(Path.Combine(data, "dev-admin-password")).Trim());
    }

    [Fact]
    public async Task Outside_development_no_admin_is_seeded()
    {
        await using var builder = await ModelAsync("--environment=Production");

        var environment = await EnvironmentOf(builder.Resources.Single(r => r.Name == "gateway"));
        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("Accounts__Bootstrap", StringComparison.Ordinal));
        Assert.DoesNotContain(builder.Resources, r => r.Name == "dev-admin-password");
    }

    [Fact]
    public async Task Asked_for_postgres_in_a_container_the_gateway_waits_for_aspires_postgresql_database()
    {
        await using var builder = await ModelAsync("--AppHost:Database=postgres", "--AppHost:Postgres=container");

        var server = Assert.Single(builder.Resources.OfType<PostgresServerResource>());
        var database = Assert.Single(builder.Resources.OfType<PostgresDatabaseResource>());
        Assert.Equal("funasrdb", database.Name);
        Assert.Same(server, database.Parent);
        Assert.Contains(server.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
        var gateway = builder.Resources.Single(r => r.Name == "gateway");
        Assert.Contains(gateway.Annotations.OfType<WaitAnnotation>(), w => w.Resource == database);
        Assert.Contains(gateway.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == database);
        Assert.DoesNotContain("Database__DataDirectory", (await EnvironmentOf(gateway)).Keys);
        // The learning service keeps its schema in the same database.
        var learning = builder.Resources.Single(r => r.Name == "learning");
        Assert.Contains(learning.Annotations.OfType<WaitAnnotation>(), w => w.Resource == database);
    }

    [Fact]
    public async Task An_unknown_database_choice_is_refused_with_the_valid_ones()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ModelAsync("--AppHost:Database=oracle"));

        Assert.Contains("'sqlite' or 'postgres'", error.ToString());
    }
}
