using FunAsr.AsrService.Nano;

namespace FunAsr.Tests.Nano;

public sealed class NanoTokenizerTests
{
    private static readonly NanoTokenizer Tokenizer = NanoTokenizer.Load(NanoFixtures.TokenizerFolder);

    public static TheoryData<string, int[]> ReferenceCases()
    {
        using var doc = NanoFixtures.ReadReference("qwen3-tokenizer");
        var data = new TheoryData<string, int[]>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("text").GetString()!, [.. c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Encode_matches_the_reference_byte_level_bpe(string text, int[] expected)
    {
        Assert.Equal(expected, Tokenizer.Encode(text));
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Decode_round_trips_text_with_special_tokens_kept(string text, int[] ids)
    {
        Assert.Equal(text.Normalize(System.Text.NormalizationForm.FormC), Tokenizer.Decode(ids, keepSpecialTokens: true));
    }

    [Fact]
    public void Special_tokens_are_read_from_the_tokenizer_files()
    {
        using var doc = NanoFixtures.ReadReference("qwen3-tokenizer");
        var specials = doc.RootElement.GetProperty("specials");
        Assert.Equal(specials.GetProperty("<|im_end|>").GetInt32(), Tokenizer.ImEndId);
        Assert.Equal(specials.GetProperty("<|im_start|>").GetInt32(), Tokenizer.ImStartId);
        Assert.Equal(specials.GetProperty("<|endoftext|>").GetInt32(), Tokenizer.EndOfTextId);
        Assert.Equal(doc.RootElement.GetProperty("count").GetInt32(), Tokenizer.Count);
        Assert.Equal([Tokenizer.ImStartId, Tokenizer.ImEndId], Tokenizer.Encode("<|im_start|><|im_end|>"));
    }

    [Fact]
    public void Decode_drops_special_tokens_by_default()
    {
        var ids = Tokenizer.Encode("<|im_start|>你好<|im_end|>");
        Assert.Equal("你好", Tokenizer.Decode(ids));
    }

    [Fact]
    public void Tokenizer_json_alone_gives_the_same_ids_as_vocab_and_merges()
    {
        // ManySpeech ships tokenizer.json + vocab.json without merges.txt: the merges come from tokenizer.json.
        var manySpeech = NanoTokenizer.Load(NanoFixtures.Folder(NanoFixtures.ManySpeechMlt));
        using var doc = NanoFixtures.ReadReference("qwen3-tokenizer");
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var text = c.GetProperty("text").GetString()!;
            Assert.Equal(Tokenizer.Encode(text), manySpeech.Encode(text));
        }

        Assert.Equal(Tokenizer.Count, manySpeech.Count);
    }

    [Theory]
    [InlineData("混合 mixed テキスト 🎉 with numbers 2025 and 表情😀")]
    [InlineData("Ünïcödé, ü, é; Ελληνικά; русский; عربى")]
    public void Arbitrary_text_round_trips(string text)
    {
        Assert.Equal(text.Normalize(System.Text.NormalizationForm.FormC), Tokenizer.Decode(Tokenizer.Encode(text)));
    }

    [Fact]
    public void Loading_a_folder_without_merges_names_the_missing_file()
    {
        var dir = Directory.CreateTempSubdirectory("nano-tok-");
        try
        {
            File.Copy(Path.Combine(NanoFixtures.TokenizerFolder, "vocab.json"), Path.Combine(dir.FullName, "vocab.json"));
            var e = Assert.Throws<NanoModelException>(() => NanoTokenizer.Load(dir.FullName));
            Assert.Contains("merges.txt", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
