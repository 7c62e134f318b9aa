namespace FunAsr.AsrService.Cli;

/// <summary>What <c>transcribe</c> was asked to do, parsed from its command line.</summary>
public sealed record TranscribeArguments(
    IReadOnlyList<string> Inputs, string? Model, string Language, string Format, string? Output, bool Itn)
{
    /// <summary>Who spoke when (--diarize, or any speaker option); null: not diarized.</summary>
    public Transcription.DiarizationSettings? Diarization { get; init; }

    /// <summary>Cues and TXT lines start with their speaker.</summary>
    public bool SpeakerLabels { get; init; }

    /// <summary>Diarization models for this run (else Asr:Diarization, else those models/fetch put into models/).</summary>
    public string? SegmentationModel { get; init; }

    public string? EmbeddingModel { get; init; }

    public const string Usage = """
        Usage: FunAsr.AsrService transcribe FILE|FOLDER... [--model DIR] [--language auto|zh|en|...] [--format txt|srt|vtt|json]
                                          [--output DIR|-] [--itn true|false]
                                          [--diarize] [--speakers N | --min-speakers N --max-speakers N] [--speaker-labels]
                                          [--segmentation-model DIR] [--embedding-model DIR]

        Transcribes audio or video files (any format ffmpeg reads) with the same pipeline as the service, without a server.
        A folder stands for the media files in it and its subfolders. One file and no --output: the result goes to
        standard output. Otherwise each result is written to DIR (default: the current folder) as NAME.FORMAT.
        --model       model folder (default: Asr:Model:Path from appsettings.json, the known-answer test model)
        --language    ISO-639-1 code the model supports, or auto (default)
        --format      txt (default: a line per segment), srt, vtt, or json (the service's transcript with word times)
        --output      folder for the results, or - for standard output
        --itn         inverse text normalisation, default true
        --diarize     who spoke when (Asr:Diarization models): segments get speakers A, B, ...; json lists them
        --speakers    exactly N speakers (implies --diarize); --min-speakers / --max-speakers bound the count
        --speaker-labels  srt/vtt cues and txt lines start with the speaker ("A: ..."; implies --diarize)
        --segmentation-model, --embedding-model  the diarization models (default: Asr:Diarization, else models/ as fetched)
        """;

    public static readonly string[] Formats = ["txt", "srt", "vtt", "json"];

    /// <summary>The arguments, or the reason they are wrong.</summary>
    public static (TranscribeArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        string? model = null, output = null, segmentation = null, embedding = null;
        string language = "auto", format = "txt";
        var itn = true;
        bool diarize = false, labels = false;
        int? num = null, min = null, max = null;
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
            if (arg is "--diarize" or "--speaker-labels")
            {
                diarize = true;
                labels |= arg == "--speaker-labels";
                continue;
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
                case "--segmentation-model":
                    segmentation = value;
                    break;
                case "--embedding-model":
                    embedding = value;
                    break;
                case "--speakers" or "--min-speakers" or "--max-speakers":
                    if (!int.TryParse(value, out var count) || count < 1)
                    {
                        return (null, $"{arg} must be a whole number of speakers (1 or more), got '{value}'.");
                    }
                    diarize = true;
                    if (arg == "--speakers")
                    {
                        num = count;
                    }
                    else if (arg == "--min-speakers")
                    {
                        min = count;
                    }
                    else
                    {
                        max = count;
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
        return (new TranscribeArguments(inputs, model, language, format, output, itn)
        {
            Diarization = diarize ? new Transcription.DiarizationSettings(num, min, max, VoiceTenant: null) : null,
            SpeakerLabels = labels,
            SegmentationModel = segmentation,
            EmbeddingModel = embedding,
        }, null);
    }
}
