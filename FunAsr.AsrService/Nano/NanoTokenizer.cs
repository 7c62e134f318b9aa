using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace FunAsr.AsrService.Nano;

/// <summary>
/// Qwen2/Qwen3 byte-level BPE (vocab.json + merges.txt, Qwen's split pattern, NFC) on Microsoft.ML.Tokenizers,
/// with the added special tokens read from tokenizer_config.json or tokenizer.json.
/// </summary>
public sealed class NanoTokenizer
{
    // Qwen2/Qwen3 tokenizer.json pre_tokenizer Split pattern; used when the folder has no tokenizer.json.
    public const string QwenSplitPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    private readonly BpeTokenizer _bpe;
    private readonly Regex _specialSplit;
    private readonly Dictionary<int, string> _specialById;
    private readonly HashSet<int> _ordinaryIds;

    private NanoTokenizer(BpeTokenizer bpe, IReadOnlyDictionary<string, int> specialTokens)
    {
        _bpe = bpe;
        SpecialTokens = specialTokens;
        _specialById = specialTokens.ToDictionary(p => p.Value, p => p.Key);
        _ordinaryIds = [.. bpe.Vocabulary.Values];
        _specialSplit = new Regex(
            string.Join('|', specialTokens.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)),
            RegexOptions.CultureInvariant);
        ImEndId = RequireSpecial(ImEnd);
        ImStartId = RequireSpecial(ImStart);
        EndOfTextId = RequireSpecial(EndOfText);
    }

    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    public int ImEndId { get; }

    public int ImStartId { get; }

    public int EndOfTextId { get; }

    /// <summary>Vocabulary entries plus special tokens.</summary>
    public int Count => _bpe.Vocabulary.Count + SpecialTokens.Count;

    /// <summary>
    /// Loads the tokenizer in <paramref name="folder"/>: vocab.json + merges.txt (sherpa-onnx's Qwen3-0.6B/), or
    /// tokenizer.json alone, whose model section holds the same vocabulary and merges (ManySpeech's packages ship no
    /// merges.txt). Special tokens come from tokenizer_config.json or tokenizer.json.
    /// </summary>
    public static NanoTokenizer Load(string folder)
    {
        var vocabPath = Path.Combine(folder, "vocab.json");
        var mergesPath = Path.Combine(folder, "merges.txt");
        var tokenizerJson = Path.Combine(folder, "tokenizer.json");
        var configJson = Path.Combine(folder, "tokenizer_config.json");
        bool hasFiles = File.Exists(vocabPath) && File.Exists(mergesPath);
        if (!hasFiles && !File.Exists(tokenizerJson))
        {
            throw new NanoModelException(
                $"Fun-ASR-Nano tokenizer in '{folder}' is missing: it needs vocab.json and merges.txt, or tokenizer.json.");
        }

        BpeTokenizer bpe;
        Dictionary<string, int> specials;
        try
        {
            specials = ReadSpecialTokens(configJson, tokenizerJson);
            var pattern = ReadSplitPattern(tokenizerJson) ?? QwenSplitPattern;
            var options = hasFiles ? new BpeOptions(vocabPath, mergesPath) : ReadModelSection(tokenizerJson, specials);
            options.ByteLevel = true;
            options.PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant), null);
            options.Normalizer = new NfcNormalizer();
            bpe = BpeTokenizer.Create(options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException or IOException or KeyNotFoundException)
        {
            throw new NanoModelException($"Fun-ASR-Nano tokenizer in '{folder}' could not be read: {e.Message}", e);
        }

        return new NanoTokenizer(bpe, specials);
    }

    /// <summary>tokenizer.json's BPE model: vocab (piece → id, special tokens excluded) and merges ("a b" or ["a", "b"]).</summary>
    private static BpeOptions ReadModelSection(string tokenizerJson, IReadOnlyDictionary<string, int> specials)
    {
        using var stream = File.OpenRead(tokenizerJson);
        using var doc = JsonDocument.Parse(stream);
        var model = doc.RootElement.GetProperty("model");
        var vocab = new List<KeyValuePair<string, int>>();
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
        {
            if (!specials.ContainsKey(entry.Name))
            {
                vocab.Add(new(entry.Name, entry.Value.GetInt32()));
            }
        }

        var merges = new List<string>();
        foreach (var merge in model.GetProperty("merges").EnumerateArray())
        {
            merges.Add(merge.ValueKind == JsonValueKind.Array
                ? $"{merge[0].GetString()} {merge[1].GetString()}"
                : merge.GetString()!);
        }

        return new BpeOptions(vocab) { Merges = merges };
    }

    /// <summary>Encodes text; special tokens written in the text (&lt;|im_start|&gt;...) become their ids, as HF tokenizers do.</summary>
    public List<int> Encode(string text)
    {
        var ids = new List<int>();
        var start = 0;
        foreach (Match m in _specialSplit.Matches(text))
        {
            EncodeOrdinary(text.AsSpan(start, m.Index - start), ids);
            ids.Add(SpecialTokens[m.Value]);
            start = m.Index + m.Length;
        }

        EncodeOrdinary(text.AsSpan(start), ids);
        return ids;
    }

    /// <summary>Decodes ids to text; special tokens are dropped unless asked for, ids outside the vocabulary are skipped.</summary>
    public string Decode(IEnumerable<int> ids, bool keepSpecialTokens = false)
    {
        var text = new System.Text.StringBuilder();
        var run = new List<int>();
        foreach (var id in ids)
        {
            if (_specialById.TryGetValue(id, out var special))
            {
                Flush();
                if (keepSpecialTokens)
                {
                    text.Append(special);
                }
            }
            else if (_ordinaryIds.Contains(id))
            {
                run.Add(id);
            }
        }

        Flush();
        return text.ToString();

        void Flush()
        {
            if (run.Count > 0)
            {
                text.Append(_bpe.Decode(run));
                run.Clear();
            }
        }
    }

    private void EncodeOrdinary(ReadOnlySpan<char> text, List<int> ids)
    {
        if (!text.IsEmpty)
        {
            ids.AddRange(_bpe.EncodeToIds(text));
        }
    }

    private int RequireSpecial(string token) =>
        SpecialTokens.TryGetValue(token, out var id)
            ? id
            : throw new NanoModelException($"Fun-ASR-Nano tokenizer has no special token {token} (looked in tokenizer_config.json and tokenizer.json).");

    private static Dictionary<string, int> ReadSpecialTokens(string configJson, string tokenizerJson)
    {
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        if (File.Exists(configJson))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(configJson));
            if (doc.RootElement.TryGetProperty("added_tokens_decoder", out var added))
            {
                foreach (var entry in added.EnumerateObject())
                {
                    specials[entry.Value.GetProperty("content").GetString()!] = int.Parse(entry.Name, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        if (specials.Count == 0 && File.Exists(tokenizerJson))
        {
            using var stream = File.OpenRead(tokenizerJson);
            using var doc = JsonDocument.Parse(stream);
            if (doc.RootElement.TryGetProperty("added_tokens", out var added))
            {
                foreach (var entry in added.EnumerateArray())
                {
                    specials[entry.GetProperty("content").GetString()!] = entry.GetProperty("id").GetInt32();
                }
            }
        }

        if (specials.Count == 0)
        {
            throw new NanoModelException(
                $"Fun-ASR-Nano tokenizer lists no special tokens: neither '{configJson}' (added_tokens_decoder) nor '{tokenizerJson}' (added_tokens) is usable.");
        }

        return specials;
    }

    private static string? ReadSplitPattern(string tokenizerJson)
    {
        if (!File.Exists(tokenizerJson))
        {
            return null;
        }

        using var stream = File.OpenRead(tokenizerJson);
        using var doc = JsonDocument.Parse(stream);
        if (!doc.RootElement.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var steps = pre.TryGetProperty("pretokenizers", out var list) ? list.EnumerateArray().ToList() : [pre];
        foreach (var step in steps)
        {
            if (step.TryGetProperty("type", out var type) && type.GetString() == "Split"
                && step.TryGetProperty("pattern", out var p) && p.TryGetProperty("Regex", out var regex))
            {
                return regex.GetString();
            }
        }

        return null;
    }

    /// <summary>Qwen's tokenizer.json normalises to NFC before splitting.</summary>
    private sealed class NfcNormalizer : Normalizer
    {
        public override string Normalize(string original) => original.Normalize(System.Text.NormalizationForm.FormC);

        public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(System.Text.NormalizationForm.FormC);
    }
}
