namespace FunAsr.AsrService.Cli;

/// <summary>What <c>transcribe</c> was asked to do, parsed from its command line.</summary>
public sealed record TranscribeArguments(
    IReadOnlyList<string> Inputs, string? Model, string Language, string Format, string? Output, bool Itn)
{
    public const string Usage = """
        Usage: FunAsr.AsrService transcribe FILE|FOLDER... [--model DIR] [--language auto|zh|en|...] [--format txt|srt|vtt|json]
                                          [--output DIR|-] [--itn true|false]

        Transcribes audio or video files (any format ffmpeg reads) with the same pipeline as the service, without a server.
        A folder stands for the media files in it and its subfolders. One file and no --output: the result goes to
        standard output. Otherwise each result is written to DIR (default: the current folder) as NAME.FORMAT.
        --model       model folder (default: Asr:Model:Path from appsettings.json, the known-answer test model)
        --language    ISO-639-1 code the model supports, or auto (default)
        --format      txt (default: a line per segment), srt, vtt, or json (the service's transcript with word times)
        --output      folder for the results, or - for standard output
        --itn         inverse text normalisation, default true
        """;

    public static readonly string[] Formats = ["txt", "srt", "vtt", "json"];

    /// <summary>The arguments, or the reason they are wrong.</summary>
    public static (TranscribeArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        string? model = null, output = null;
        string language = "auto", format = "txt";
        var itn = true;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "-")
            {
                inputs.Add(arg);
                continue;
            }
            if (arg is "--help")
            {
                return (null, string.Empty);
            }
            if (i + 1 >= args.Count)
            {
                return (null, $"{arg} needs a value.");
            }
            var value = args[++i];
            switch (arg)
            {
                case "--model":
                    model = value;
                    break;
                case "--language":
                    language = value.Trim().ToLowerInvariant();
                    break;
                case "--format":
                    format = value.Trim().ToLowerInvariant();
                    if (!Formats.Contains(format))
                    {
                        return (null, $"Unknown format '{value}'. Valid values: {string.Join(", ", Formats)}.");
                    }
                    break;
                case "--output":
                    output = value;
                    break;
                case "--itn":
                    if (!bool.TryParse(value, out itn))
                    {
                        return (null, $"--itn must be true or false, got '{value}'.");
                    }
                    break;
                default:
                    return (null, $"Unknown option '{arg}'.");
            }
        }
        if (inputs.Count == 0)
        {
            return (null, "Name at least one file or folder to transcribe.");
        }
        return (new TranscribeArguments(inputs, model, language, format, output, itn), null);
    }
}
