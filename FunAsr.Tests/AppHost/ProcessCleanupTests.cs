using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.AppHost;

[Trait("Category", "Stack")]
[Collection(StackCollection.Name)]
public sealed class ProcessCleanupTests
{
    private sealed class SingleReplicaStack : StackFixture
    {
        protected override IEnumerable<string> ExtraArguments => ["--AppHost:AsrReplicas=1"];
    }

    [Fact]
    public async Task Children_die_with_the_apphost_even_when_it_is_killed_with_sigkill()
    {
        var stack = new SingleReplicaStack();
        await stack.InitializeAsync();
        var pids = stack.StartedPids;
        Assert.Equal(4, pids.Count);
        Assert.All(pids, pid => Assert.True(Directory.Exists($"/proc/{pid}")));

        stack.KillAppHostHard();

        await stack.AssertNothingLeftAsync();
        await stack.DisposeAsync();
    }
}
