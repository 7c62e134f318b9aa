using FunAsr.Text.Joining;

namespace FunAsr.Tests.Text;

public sealed class TextJoinerTests
{
    [Theory]
    [InlineData(new[] { "今天", "天气", "", "hello", "world", "你好" }, "今天天气 hello world 你好")]
    [InlineData(new[] { "今天天气很好。", "Hello world." }, "今天天气很好。Hello world.")]
    [InlineData(new[] { "Hello world.", "今天天气很好。" }, "Hello world. 今天天气很好。")]
    [InlineData(new[] { "我们用", "Python" }, "我们用 Python")]
    [InlineData(new[] { "hello", ",", "world", "!" }, "hello, world!")]
    [InlineData(new[] { "(", "aside", ")" }, "(aside)")]
    [InlineData(new[] { "「", "你好", "」" }, "「你好」")]
    [InlineData(new[] { "𠀀", "你" }, "𠀀你")]
    [InlineData(new[] { "  padded  ", "words " }, "padded words")]
    [InlineData(new[] { "안녕하세요", "세계" }, "안녕하세요세계")]
    public void One_rule_joins_every_script(string[] pieces, string expected) =>
        Assert.Equal(expected, TextJoiner.Join(pieces));
}
