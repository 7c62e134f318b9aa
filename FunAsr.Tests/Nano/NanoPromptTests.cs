using FunAsr.AsrService.Nano;

namespace FunAsr.Tests.Nano;

public sealed class NanoPromptTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(10, 2)]
    [InlineData(16, 2)]
    [InlineData(17, 3)]
    [InlineData(100, 13)]
    [InlineData(500, 63)]
    [InlineData(501, 63)]
    public void Fake_token_length_follows_the_official_formula(int lfrFrames, int expected)
    {
        Assert.Equal(expected, NanoPrompt.FakeTokenLength(lfrFrames));
    }

    [Fact]
    public void Fake_token_length_rejects_negative_lengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NanoPrompt.FakeTokenLength(-1));
    }

    [Fact]
    public void Plain_prompt_is_the_chatml_template()
    {
        var (before, after) = NanoPrompt.ChatTemplate([], null, itn: true);
        Assert.Equal("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n语音转写：", before);
        Assert.Equal("<|im_end|>\n<|im_start|>assistant\n", after);
    }

    [Fact]
    public void Language_and_itn_off_change_the_task_line()
    {
        Assert.Equal("语音转写成英文，不进行文本规整：", NanoPrompt.UserPrompt([], NanoPrompt.LanguageName("en"), itn: false));
        Assert.Equal("语音转写成日文：", NanoPrompt.UserPrompt([], NanoPrompt.LanguageName("ja"), itn: true));
        Assert.Equal("语音转写，不进行文本规整：", NanoPrompt.UserPrompt([], NanoPrompt.LanguageName("auto"), itn: false));
    }

    [Fact]
    public void Hotwords_add_the_context_preamble()
    {
        var prompt = NanoPrompt.UserPrompt(["阿里巴巴", " FunASR ", ""], "中文", itn: true);
        Assert.Equal(
            "请结合上下文信息，更加准确地完成语音转写任务。如果没有相关信息，我们会留空。\n\n\n**上下文信息：**\n\n\n热词列表：[阿里巴巴, FunASR]\n语音转写成中文：",
            prompt);
    }

    [Fact]
    public void All_31_languages_have_chinese_names_and_unknown_ones_are_rejected()
    {
        Assert.Equal(31, NanoPrompt.LanguageNames.Count);
        Assert.Equal(31, NanoPrompt.LanguageNames.Values.Distinct().Count());
        Assert.Equal("粤语", NanoPrompt.LanguageName("yue"));
        Assert.Equal("韩文", NanoPrompt.LanguageName("KO"));
        Assert.Equal("越南语", NanoPrompt.LanguageName("越南语"));
        Assert.Null(NanoPrompt.LanguageName(""));
        var e = Assert.Throws<ArgumentException>(() => NanoPrompt.LanguageName("xx"));
        Assert.Contains("'xx'", e.Message);
    }

    [Fact]
    public void Repetition_guard_keeps_one_copy_of_the_looping_unit()
    {
        int[] prefix = [5, 6, 7];
        int[] loop = [.. prefix, .. Enumerable.Repeat(new[] { 1, 2, 3, 4 }, 5).SelectMany(x => x)];
        Assert.Equal(prefix.Length + 4, RepetitionGuard.KeepCount(loop));

        int[] single = [.. prefix, .. Enumerable.Repeat(9, 20)];
        Assert.Equal(prefix.Length + 1, RepetitionGuard.KeepCount(single));

        // Short natural repeats (哈哈哈, a doubled word) are not loops.
        Assert.Null(RepetitionGuard.KeepCount([.. prefix, .. Enumerable.Repeat(9, 19)]));
        Assert.Null(RepetitionGuard.KeepCount([1, 2, 1, 2, 3, 4, 3, 4]));
    }
}
