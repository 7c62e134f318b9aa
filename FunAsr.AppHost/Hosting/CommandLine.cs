namespace FunAsr.AppHost.Hosting;

/// <summary>
/// The AppHost's verbs and switches: <c>publish --output DIR</c>, <c>--ephemeral</c>, <c>--no-build</c>, <c>--data-dir DIR</c>;
/// anything else is passed on to configuration (<c>--AppHost:GatewayPort=8080</c>).
/// </summary>
public sealed record CommandLine(bool Publish, string? OutputDirectory, IReadOnlyList<string> ConfigurationArguments)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var publish = false;
        string? output = null;
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "publish" when i == 0:
                    publish = true;
                    break;
                case "--output" or "-o":
                    output = i + 1 < args.Count ? args[++i] : throw new ArgumentException("--output needs a folder: publish --output DIR");
                    break;
                case "--ephemeral":
                    configuration.Add($"--{AppHostOptions.SectionName}:{nameof(AppHostOptions.Ephemeral)}=true");
                    break;
                case "--no-build":
                    configuration.Add($"--{AppHostOptions.SectionName}:{nameof(AppHostOptions.NoBuild)}=true");
                    break;
                case "--data-dir":
                    var dir = i + 1 < args.Count ? args[++i] : throw new ArgumentException("--data-dir needs a folder");
                    configuration.Add($"--{AppHostOptions.SectionName}:{nameof(AppHostOptions.DataDirectory)}={dir}");
                    break;
                default:
                    configuration.Add(arg);
                    break;
            }
        }
        if (publish && string.IsNullOrWhiteSpace(output))
        {
            throw new ArgumentException("publish needs an output folder: publish --output DIR");
        }
        return new CommandLine(publish, output, configuration);
    }
}
