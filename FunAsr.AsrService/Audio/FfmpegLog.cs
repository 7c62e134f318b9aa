using System.Globalization;
using System.Text.RegularExpressions;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// What ffmpeg said on stderr (run with <c>-loglevel level+info</c>): the input's format, the audio stream
/// it decoded and its own error lines, with the pipe path replaced by "input".
/// </summary>
internal sealed partial record FfmpegLog(
    string? InputFormat,
    bool HasAudioStream,
    string? Codec,
    int SampleRate,
    int Channels,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The demuxer ffmpeg recognised but was not allowed to use (a playlist, a picture, a concat list...).</summary>
    public string? RefusedFormat { get; init; }

    public string? Reason => Errors.Count == 0 ? null : string.Join("; ", Errors.Distinct());

    public static FfmpegLog Parse(IEnumerable<string> lines)
    {
        string? inputFormat = null;
        var audioStreams = new Dictionary<int, string>();
        int? mappedStream = null;
        var errors = new List<string>();
        var warnings = new List<string>();
        string? refusedFormat = null;

        foreach (var raw in lines)
        {
            var line = LevelPrefix().Match(raw);
            var level = line.Success ? line.Groups["level"].Value : "info";
            var text = line.Success ? line.Groups["text"].Value : raw;

            if (level is "error" && text.StartsWith("Format not on whitelist", StringComparison.Ordinal) && line.Groups["context"].Success)
            {
                refusedFormat ??= line.Groups["context"].Value;
                continue;
            }

            if (level is "error" or "fatal" or "panic")
            {
                errors.Add(PipePath().Replace(text.Trim(), "input"));
                continue;
            }

            if (level == "warning")
            {
                warnings.Add(PipePath().Replace(text.Trim(), "input"));
                continue;
            }

            // The numbers come from what the file said (ffmpeg prints its metadata too), so none may throw.
            if (InputLine().Match(text) is { Success: true } input) inputFormat ??= input.Groups["format"].Value;
            else if (StreamLine().Match(text) is { Success: true } stream && stream.Groups["kind"].Value == "Audio"
                && int.TryParse(stream.Groups["index"].ValueSpan, CultureInfo.InvariantCulture, out var index))
                audioStreams.TryAdd(index, stream.Groups["details"].Value);
            else if (MappingLine().Match(text) is { Success: true } mapping
                && int.TryParse(mapping.Groups["index"].ValueSpan, CultureInfo.InvariantCulture, out var mapped))
                mappedStream ??= mapped;
        }

        string? details = null;
        if (mappedStream is { } chosen) audioStreams.TryGetValue(chosen, out details);
        details ??= audioStreams.OrderBy(s => s.Key).Select(s => s.Value).FirstOrDefault();

        string? codec = null;
        int sampleRate = 0, channels = 0;
        if (details is not null)
        {
            codec = details.Split([' ', ','], 2)[0];
            var audio = AudioDetails().Match(details);
            if (audio.Success)
            {
                sampleRate = int.TryParse(audio.Groups["rate"].ValueSpan, CultureInfo.InvariantCulture, out var rate) ? rate : 0;
                channels = ChannelCount(audio.Groups["layout"].Value.Trim());
            }
        }

        return new FfmpegLog(inputFormat, audioStreams.Count > 0, codec, sampleRate, channels, errors, warnings) { RefusedFormat = refusedFormat };
    }

    /// <summary>
    /// The input's duration from its "Duration: HH:MM:SS.xx" line, printed from the container's header before any sample
    /// is decoded (FLAC STREAMINFO, a WAV data size, an MP4 mvhd, a Xing header); null for any other line or "N/A".
    /// </summary>
    public static double? DeclaredSeconds(string line)
    {
        var match = DurationLine().Match(line);
        if (!match.Success) return null;
        var hours = int.TryParse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture, out var h) ? h : int.MaxValue;
        var minutes = int.Parse(match.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
        var seconds = double.Parse(match.Groups["s"].ValueSpan, CultureInfo.InvariantCulture);
        return hours * 3600.0 + minutes * 60 + seconds;
    }

    /// <summary>Whether ffmpeg has moved on to describing its output (whose "Duration" is not the input's).</summary>
    public static bool StartsOutput(string line) => OutputLine().IsMatch(line);

    private static int ChannelCount(string layout)
    {
        var counted = ChannelsWord().Match(layout);
        if (counted.Success) return int.TryParse(counted.Groups["n"].ValueSpan, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var name = layout.Split('(')[0];
        return name switch
        {
            "mono" => 1,
            "stereo" or "downmix" => 2,
            "2.1" or "3.0" => 3,
            "quad" or "4.0" or "3.1" => 4,
            "5.0" or "4.1" => 5,
            "5.1" or "6.0" or "hexagonal" => 6,
            "6.1" or "7.0" => 7,
            "7.1" or "octagonal" => 8,
            _ => 0,
        };
    }

    [GeneratedRegex(@"^(?:\[(?<context>[^\] @]*) @ [^\]]*\] )?\[(?<level>quiet|panic|fatal|error|warning|info|verbose|debug|trace)\] (?<text>.*)$")]
    private static partial Regex LevelPrefix();

    [GeneratedRegex(@"^(?:\[info\] )?  Duration: (?<h>\d{1,9}):(?<m>[0-5]\d):(?<s>[0-5]\d(?:\.\d{1,6})?),")]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"^(?:\[info\] )?Output #0, ")]
    private static partial Regex OutputLine();

    [GeneratedRegex(@"^Input #0, (?<format>.+?), from '")]
    private static partial Regex InputLine();

    [GeneratedRegex(@"^\s*Stream #0:(?<index>\d+)\S*: (?<kind>Audio|Video|Subtitle|Data|Attachment): (?<details>.*)$")]
    private static partial Regex StreamLine();

    [GeneratedRegex(@"^\s*Stream #0:(?<index>\d+) -> #0:0")]
    private static partial Regex MappingLine();

    [GeneratedRegex(@", (?<rate>\d+) Hz, (?<layout>[^,]+)")]
    private static partial Regex AudioDetails();

    [GeneratedRegex(@"^(?<n>\d+) channels")]
    private static partial Regex ChannelsWord();

    [GeneratedRegex(@"\bpipe:[01](?=:|'|\s|$)")]
    private static partial Regex PipePath();
}
