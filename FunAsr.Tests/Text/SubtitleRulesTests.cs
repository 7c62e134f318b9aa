using FunAsr.Text.Subtitles;

namespace FunAsr.Tests.Text;

public sealed class SubtitleRulesTests
{
    private static readonly SubtitleRules Rules = new();

    [Fact]
    public void A_full_cjk_line_is_as_wide_as_a_full_latin_line()
    {
        Assert.Equal(42, Rules.Width(new string('a', 42)));
        Assert.Equal(42, Rules.Width(new string('字', 16)), 6);
        Assert.True(Rules.Width("我们用 Python") < 42);
    }

    [Fact]
    public void Reading_time_follows_each_scripts_speed()
    {
        Assert.Equal(1, Rules.ReadingSeconds(new string('a', 17)), 6);
        Assert.Equal(1, Rules.ReadingSeconds(new string('字', 9)), 6);
    }
}
