using FunAsr.AsrService.Api.Subtitles;
using FunAsr.AsrService.Api.Transcription;
using FunAsr.AsrService.Recognition;

namespace FunAsr.Tests.AsrApi;

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
            new SubtitleCue(0, 1.5, "first"),
            new SubtitleCue(1.5, 2, "   "),
            new SubtitleCue(2, 2, "two\n\nlines\r\n"),
        ]);
        Assert.Equal("1\n00:00:00,000 --> 00:00:01,500\nfirst\n\n2\n00:00:02,000 --> 00:00:02,001\ntwo\nlines\n\n", srt);
    }

    [Fact]
    public void Vtt_has_its_header_and_escapes_markup_characters()
    {
        var vtt = SubtitleWriter.ToVtt([new SubtitleCue(0.5, 1, "a --> b & <c>")]);
        Assert.Equal("WEBVTT\n\n00:00:00.500 --> 00:00:01.000\na --&gt; b &amp; &lt;c&gt;\n\n", vtt);
    }

    [Fact]
    public void Rich_subtitles_keep_the_tags()
    {
        var transcript = TranscriptBuilder.Assemble("id", null, "m", "en", null, null, 1, [
            new TranscriptSegment(0, 0, 1, "hi", "<|en|>hi", "en", null, null, []),
        ]);
        Assert.Contains("\n<|en|>hi\n", TranscriptSubtitles.Srt(transcript, rich: true));
        Assert.Contains("&lt;|en|&gt;hi", TranscriptSubtitles.Vtt(transcript, rich: true));
        Assert.Contains("\nhi\n", TranscriptSubtitles.Srt(transcript));
    }

    [Fact]
    public void Words_join_pieces_without_a_word_start_and_split_cjk_characters()
    {
        var words = TranscriptBuilder.JoinWords([
            new RecognizedToken("caf", 0.1, 0.2) { StartsWord = true },
            new RecognizedToken("é", 0.2, 0.3),
            new RecognizedToken("s", 0.3, 0.4),
            new RecognizedToken("\u2581today", 0.5, 0.6),
            new RecognizedToken("今天", 0.7, 0.8),
            new RecognizedToken("天气", 0.8, 0.9),
        ], offsetSeconds: 10);
        Assert.Equal(["cafés", "today", "今天", "天气"], words.Select(w => w.Word));
        Assert.Equal((10.1, 10.4), (words[0].Start, words[0].End));
    }

    [Fact]
    public void Segment_texts_are_joined_with_spaces_except_between_cjk()
    {
        Assert.Equal("今天天气 hello world 你好", TranscriptBuilder.JoinTexts(["今天", "天气", "", "hello", "world", "你好"]));
    }
}
