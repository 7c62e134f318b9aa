using FunAsr.AppHost.Hosting;

namespace FunAsr.AppHost.Publish;

internal static class Publisher
{
    public static IReadOnlyList<string> Write(DistributedApplication app, string outputDirectory) =>
        throw new NotSupportedException("publish is being written");
}
