using YamlDotNet.Serialization;

namespace FunAsr.AppHost.Publish;

internal static class YamlFile
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .DisableAliases()
        .Build();

    /// <summary>One YAML document per object, separated by <c>---</c> (as kubectl expects for several objects in a file).</summary>
    public static string Documents(IEnumerable<object> documents) =>
        string.Join("---\n", documents.Select(Serializer.Serialize));

    public static string Document(object document) => Serializer.Serialize(document);
}
