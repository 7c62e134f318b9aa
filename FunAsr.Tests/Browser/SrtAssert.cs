using System.Text.RegularExpressions;

namespace FunAsr.Tests.Browser;

public sealed record SrtCue(int Number, TimeSpan Start, TimeSpan End, string Text);

public static partial class SrtAssert
{
    /// <summary>Numbered cues from 1, "HH:MM:SS,mmm --> HH:MM:SS,mmm" with start before end, then the cue's text.</summary>
    public static IReadOnlyList<SrtCue> Parse(string srt)
    {
        var blocks = srt.Replace("\r\n", "\n").Trim().Split("\n\n");
        var cues = new List<SrtCue>();
        for (var i = 0; i < blocks.Length; i++)
        {
            var parts = blocks[i].Split('\n');
            Assert.True(parts.Length >= 3, $"SRT cue {i + 1} has no text: '{blocks[i]}'");
            Assert.Equal((i + 1).ToString(), parts[0]);
            var timing = SrtTiming().Match(parts[1]);
            Assert.True(timing.Success, $"bad SRT timing line '{parts[1]}'");
            var start = TimeSpan.ParseExact(timing.Groups[1].Value, @"hh\:mm\:ss\,fff", null);
            var end = TimeSpan.ParseExact(timing.Groups[2].Value, @"hh\:mm\:ss\,fff", null);
            Assert.True(start < end, $"SRT cue {i + 1} ends before it starts");
            cues.Add(new SrtCue(i + 1, start, end, string.Join("\n", parts[2..])));
        }
        return cues;
    }

    public static void Valid(string srt, IReadOnlyList<string> expectedLines) =>
        Assert.Equal(expectedLines, Parse(srt).Select(cue => cue.Text).ToList());

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)$")]
    private static partial Regex SrtTiming();
}
