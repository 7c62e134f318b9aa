using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FunAsr.Tests.AppHost;

/// <summary>The application model FunAsr.AppHost/Program.cs builds, inspected without starting anything.</summary>
public sealed class AppHostModelTests
{
    private static Task<IDistributedApplicationTestingBuilder> ModelAsync(params string[] args) => AppHostModel.BuildAsync(args);

    [Fact]
    public async Task Redis_as_a_container_is_aspires_own_with_a_data_volume()
    {
        await using var builder = await ModelAsync("--AppHost:Redis=container");

        var cache = Assert.IsType<RedisResource>(builder.Resources.Single(r => r.Name == "cache"));
        var volume = Assert.Single(cache.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(ContainerMountType.Volume, volume.Type);
        Assert.Equal("/data", volume.Target);
    }

    [Fact]
    public async Task Redis_as_an_executable_gives_the_same_connection_string_shape_and_keeps_the_password_off_its_arguments()
    {
        await using var builder = await ModelAsync("--AppHost:Redis=executable");

        var cache = Assert.IsType<RedisServerResource>(builder.Resources.Single(r => r.Name == "cache"));
        Assert.Equal("{cache.bindings.tcp.host}:{cache.bindings.tcp.port},password={cache-password.value}", cache.ConnectionStringExpression.ValueExpression);
        Assert.Equal("redis-server", Path.GetFileName(cache.Command));
        var args = new List<object>();
        foreach (var callback in cache.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, cache, CancellationToken.None));
        }
        Assert.Equal(cache.ConfigurationFile, args[0]);
        Assert.Equal("--port", args[1]);
        Assert.Equal("{cache.bindings.tcp.targetPort}", Assert.IsAssignableFrom<IManifestExpressionProvider>(args[2]).ValueExpression);
        Assert.Equal(3, args.Count);
        Assert.True(cache.TryGetAnnotationsOfType<HealthCheckAnnotation>(out var checks) && checks.Any());
    }

    [Fact]
    public async Task An_unknown_redis_choice_is_refused_with_the_valid_ones()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ModelAsync("--AppHost:Redis=memcached"));

        Assert.Contains("'container' or 'executable'", error.ToString());
    }

    [Fact]
    public async Task Asr_has_two_replicas_waiting_for_redis_and_only_the_gateway_is_external_on_5080()
    {
        await using var builder = await ModelAsync("--AppHost:Redis=executable");
        var resources = builder.Resources.Where(r => r is ProjectResource).ToDictionary(r => r.Name);

        Assert.Equal(["asr", "gateway", "learning", "qabot"], resources.Keys.Order().ToArray());
        Assert.Equal(2, resources["asr"].Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        Assert.Contains(resources["asr"].Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "cache");
        Assert.Contains(resources["learning"].Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "cache");
        var gateway = resources["gateway"].Annotations.OfType<EndpointAnnotation>().Single();
        Assert.True(gateway.IsExternal);
        Assert.Equal(5080, gateway.Port);
        Assert.All(new[] { "asr", "qabot", "learning" }, name => Assert.All(resources[name].Annotations.OfType<EndpointAnnotation>(), e => Assert.False(e.IsExternal)));
    }

    [Fact]
    public async Task Every_service_gets_the_apphosts_shutdown_window_and_the_apphost_waits_a_little_longer()
    {
        await using var builder = await ModelAsync("--AppHost:Redis=executable", "--AppHost:ShutdownTimeoutSeconds=12");
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var values = new Dictionary<string, object>();
            var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), project, values);
            foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                try
                {
                    await callback.Callback(context);
                }
                catch (InvalidOperationException)
                {
                    // Callbacks that need the running application (endpoints, service provider) are not this test's business.
                }
            }
            Assert.Equal("12", values["ShutdownTimeoutSeconds"]);
        }
        Assert.Equal("true", builder.Configuration["DcpPublisher:WaitForResourceCleanup"]);
        await using var app = await builder.BuildAsync();
        var host = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Hosting.HostOptions>>().Value;
        Assert.True(host.ShutdownTimeout > TimeSpan.FromSeconds(12), $"the AppHost waits {host.ShutdownTimeout}");
    }
}
