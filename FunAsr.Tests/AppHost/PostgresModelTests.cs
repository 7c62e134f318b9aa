using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FunAsr.Tests.AppHost;

/// <summary>
/// <c>AppHost:Database=postgres</c> in the model, without starting anything: the machine's PostgreSQL where no container
/// engine answers, Aspire's container when asked or published, one <c>funasrdb</c> for the gateway and the learning service.
/// </summary>
public sealed class PostgresModelTests
{
    private static Task<IDistributedApplicationTestingBuilder> ModelAsync(params string[] args) =>
        AppHostModel.BuildAsync(["--AppHost:Redis=executable", "--AppHost:Database=postgres", .. args]);

    private static Task<Dictionary<string, object>> EnvironmentOf(IResource resource) => AppHostModel.EnvironmentOf(resource);

    private static async Task<List<object>> ArgumentsOf(IResource resource)
    {
        var args = new List<object>();
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, resource, CancellationToken.None));
        }
        return args;
    }

    /// <summary>The AppHost's own question (docker or podman answering <c>info</c>), asked the same way.</summary>
    private static bool ContainerEngineAnswers() => new[] { "docker", "podman" }.Any(runtime =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    [Fact]
    public async Task Without_a_container_engine_postgres_is_the_machines_server_and_with_one_aspires_container()
    {
        await using var builder = await ModelAsync();

        if (ContainerEngineAnswers())
        {
            Assert.Single(builder.Resources.OfType<PostgresServerResource>());
            Assert.Empty(builder.Resources.OfType<PostgresExecutableResource>());
        }
        else
        {
            Assert.Single(builder.Resources.OfType<PostgresExecutableResource>());
            Assert.Empty(builder.Resources.OfType<PostgresServerResource>());
        }
    }

    [Fact]
    public async Task The_machines_server_hands_out_aspires_connection_string_shape_and_one_database_to_both_services()
    {
        await using var builder = await ModelAsync("--AppHost:Postgres=executable");

        var server = Assert.Single(builder.Resources.OfType<PostgresExecutableResource>());
        var database = Assert.Single(builder.Resources.OfType<PostgresExecutableDatabaseResource>());
        Assert.Equal("postgres", server.Name);
        Assert.Equal("funasrdb", database.Name);
        Assert.Same(server, database.Parent);
        Assert.Equal("Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.value}",
            server.ConnectionStringExpression.ValueExpression);
        Assert.Equal("{postgres.connectionString};Database=funasrdb", database.ConnectionStringExpression.ValueExpression);
        var data = builder.Configuration["AppHost:DataDirectory"]!;
        Assert.Equal(Path.Combine(Path.GetFullPath(data), "postgres"), server.DataDirectory);
        Assert.True(server.TryGetAnnotationsOfType<HealthCheckAnnotation>(out var serverChecks) && serverChecks.Any());
        Assert.True(database.TryGetAnnotationsOfType<HealthCheckAnnotation>(out var databaseChecks) && databaseChecks.Any());

        foreach (var name in new[] { "gateway", "learning" })
        {
            var service = builder.Resources.Single(r => r.Name == name);
            Assert.Same(database, Assert.IsType<ConnectionStringReference>((await EnvironmentOf(service))["ConnectionStrings__funasrdb"]).Resource);
            Assert.Contains(service.Annotations.OfType<WaitAnnotation>(), w => w.Resource == database);
            Assert.DoesNotContain("Database__DataDirectory", (await EnvironmentOf(service)).Keys);
        }
    }

    [Fact]
    public async Task The_machines_server_listens_on_loopback_at_dcps_port_and_no_argument_carries_the_password()
    {
        await using var builder = await ModelAsync("--AppHost:Postgres=executable", "--Parameters:postgres-password=not-on-any-command-line");

        var server = Assert.Single(builder.Resources.OfType<PostgresExecutableResource>());
        var args = await ArgumentsOf(server);
        var text = args.Select(a => a as string ?? Assert.IsAssignableFrom<IManifestExpressionProvider>(a).ValueExpression).ToList();

        Assert.Equal("not-on-any-command-line", await server.PasswordParameter.GetValueAsync(CancellationToken.None));
        Assert.DoesNotContain(text, a => a.Contains("not-on-any-command-line", StringComparison.Ordinal) || a.Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("{postgres.bindings.tcp.targetPort}", text[text.IndexOf("-p") + 1]);
        Assert.Equal(server.DataDirectory, text[text.IndexOf("-D") + 1]);
        Assert.Contains("listen_addresses=127.0.0.1,::1", text);
        var program = server.Command;
        if (Environment.UserName == "root")
        {
            // PostgreSQL refuses root: the server runs as nobody.
            Assert.Equal("setpriv", server.Command);
            Assert.Equal(["--reuid", "nobody"], text.Take(2));
            program = text[text.IndexOf("--") + 1];
        }
        Assert.Equal("postgres", Path.GetFileName(program));
    }

    [Theory]
    [InlineData("--AppHost:Postgres=container")]
    [InlineData("--operation", "publish")]
    public async Task Forced_or_published_postgres_is_aspires_container_with_a_data_volume(params string[] args)
    {
        await using var builder = await ModelAsync(args);

        var server = Assert.Single(builder.Resources.OfType<PostgresServerResource>());
        var database = Assert.Single(builder.Resources.OfType<PostgresDatabaseResource>());
        Assert.Empty(builder.Resources.OfType<PostgresExecutableResource>());
        Assert.Equal("funasrdb", database.Name);
        Assert.Contains(server.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
        foreach (var name in new[] { "gateway", "learning" })
        {
            Assert.Contains(builder.Resources.Single(r => r.Name == name).Annotations.OfType<WaitAnnotation>(), w => w.Resource == database);
        }
    }

    [Fact]
    public async Task An_unknown_postgres_choice_is_refused_with_the_valid_ones()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ModelAsync("--AppHost:Postgres=sqlserver"));

        Assert.Contains("AppHost:Postgres is 'sqlserver'; use 'container' or 'executable'", error.ToString());
    }
}
