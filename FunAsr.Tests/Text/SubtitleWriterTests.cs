using FunAsr.Text.Subtitles;

namespace FunAsr.Tests.Text;

public sealed class SubtitleWriterTests
{
    [Theory]
    [InlineData(0, ',', "00:00:00,000")]
    [InlineData(1.0005, ',', "00:00:01,001")]
    [InlineData(59.9996, '.', "00:01:00.000")]
    [InlineData(3723.25, '.', "01:02:03.250")]
    [InlineData(360000.5, ',', "100:00:00,500")]
    [InlineData(-3, ',', "00:00:00,000")]
    public void Timestamps_are_zero_padded_rounded_and_never_wrap(double seconds, char separator, string expected) =>
        Assert.Equal(expected, SubtitleWriter.Timestamp(seconds, separator));

    [Fact]
    public void Srt_numbers_visible_cues_contiguously_and_keeps_cue_text_in_one_block()
    {
        var srt = SubtitleWriter.ToSrt([
            new SubtitleCue(0, 1.5, ["first"]),
            new SubtitleCue(1.5, 2, ["   "]),
            new SubtitleCue(2, 2, ["two", "", "lines\r"]),
        ]);
        Assert.Equal("1\n00:00:00,000 --> 00:00:01,500\nfirst\n\n2\n00:00:02,000 --> 00:00:02,001\ntwo\nlines\n\n", srt);
    }

    [Fact]
    public void Vtt_has_its_header_and_escapes_markup_characters()
    {
        var vtt = SubtitleWriter.ToVtt([new SubtitleCue(0.5, 1, ["a --> b & <c>"])]);
        Assert.Equal("WEBVTT\n\n00:00:00.500 --> 00:00:01.000\na --&gt; b &amp; &lt;c&gt;\n\n", vtt);
    }

    [Fact]
    public void Text_is_one_line_per_segment()
    {
        var text = SubtitleWriter.ToText([TimedText.Untimed(0, 1, "first line"), TimedText.Untimed(1, 2, " "), TimedText.Untimed(2, 3, "second\nline")]);
        Assert.Equal("first line\nsecond line\n", text);
    }

    [Theory]
    [InlineData("SRT", SubtitleFormat.Srt)]
    [InlineData("vtt", SubtitleFormat.Vtt)]
    [InlineData("txt", SubtitleFormat.Txt)]
    [InlineData("json", null)]
    public void Formats_parse_by_name(string name, SubtitleFormat? expected) => Assert.Equal(expected, SubtitleWriter.ParseFormat(name));
}
