using System.Text.RegularExpressions;

namespace FunAsr.Tests.Browser;

public static partial class SrtAssert
{
    /// <summary>Numbered cues, "HH:MM:SS,mmm --> HH:MM:SS,mmm" with start before end, then the cue's text.</summary>
    public static void Valid(string srt, IReadOnlyList<string> expectedLines)
    {
        var cues = srt.Replace("\r\n", "\n").Trim().Split("\n\n");
        Assert.Equal(expectedLines.Count, cues.Length);
        for (var i = 0; i < cues.Length; i++)
        {
            var parts = cues[i].Split('\n');
            Assert.Equal((i + 1).ToString(), parts[0]);
            var timing = SrtTiming().Match(parts[1]);
            Assert.True(timing.Success, $"bad SRT timing line '{parts[1]}'");
            Assert.True(TimeSpan.ParseExact(timing.Groups[1].Value, @"hh\:mm\:ss\,fff", null)
                        < TimeSpan.ParseExact(timing.Groups[2].Value, @"hh\:mm\:ss\,fff", null));
            Assert.Equal(expectedLines[i], string.Join("\n", parts[2..]));
        }
    }

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)$")]
    private static partial Regex SrtTiming();
}
