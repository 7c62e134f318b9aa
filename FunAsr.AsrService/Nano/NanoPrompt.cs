namespace FunAsr.AsrService.Nano;

/// <summary>The ChatML prompt Fun-ASR-Nano was trained with (Fun-ASR model.py / sherpa-onnx BuildUserPrompt).</summary>
public static class NanoPrompt
{
    public const string SystemPrompt = "You are a helpful assistant.";

    public const string HotwordPreamble =
        "请结合上下文信息，更加准确地完成语音转写任务。如果没有相关信息，我们会留空。\n\n\n**上下文信息：**\n\n\n";

    /// <summary>The 31 languages of Fun-ASR-MLT-Nano-2512, by ISO code, with the Chinese names the prompt uses.</summary>
    public static IReadOnlyDictionary<string, string> LanguageNames { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["zh"] = "中文", ["en"] = "英文", ["yue"] = "粤语", ["ja"] = "日文", ["ko"] = "韩文",
        ["vi"] = "越南语", ["id"] = "印尼语", ["th"] = "泰语", ["ms"] = "马来语", ["fil"] = "菲律宾语",
        ["ar"] = "阿拉伯语", ["hi"] = "印地语", ["bg"] = "保加利亚语", ["hr"] = "克罗地亚语", ["cs"] = "捷克语",
        ["da"] = "丹麦语", ["nl"] = "荷兰语", ["et"] = "爱沙尼亚语", ["fi"] = "芬兰语", ["el"] = "希腊语",
        ["hu"] = "匈牙利语", ["ga"] = "爱尔兰语", ["lv"] = "拉脱维亚语", ["lt"] = "立陶宛语", ["mt"] = "马耳他语",
        ["pl"] = "波兰语", ["pt"] = "葡萄牙语", ["ro"] = "罗马尼亚语", ["sk"] = "斯洛伐克语", ["sl"] = "斯洛文尼亚语",
        ["sv"] = "瑞典语",
    };

    /// <summary>
    /// The Chinese language name for a request's language: null for "auto" or empty (the model detects it),
    /// the name itself when the caller already passed one of the Chinese names. Only <paramref name="offered"/>
    /// (the model's own list) is accepted.
    /// </summary>
    public static string? LanguageName(string? language, IReadOnlyCollection<string>? offered = null)
    {
        if (string.IsNullOrWhiteSpace(language) || language.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var allowed = offered ?? (IReadOnlyCollection<string>)LanguageNames.Keys;
        var code = language.Trim();
        var byName = LanguageNames.FirstOrDefault(p => p.Value == code).Key;
        code = byName ?? code;
        if (allowed.Contains(code, StringComparer.OrdinalIgnoreCase) && LanguageNames.TryGetValue(code, out var name))
        {
            return name;
        }

        throw new ArgumentException(
            $"Language '{language}' is not one this model offers; use 'auto' or one of: {string.Join(", ", allowed)}.",
            nameof(language));
    }

    /// <summary>The user turn before the audio: optional hotword context, the task, the ITN switch, then "：".</summary>
    public static string UserPrompt(IReadOnlyList<string> hotwords, string? languageName, bool itn)
    {
        var words = hotwords.Select(h => h.Trim()).Where(h => h.Length > 0).ToList();
        var prompt = new System.Text.StringBuilder();
        if (words.Count > 0)
        {
            prompt.Append(HotwordPreamble).Append("热词列表：[").AppendJoin(", ", words).Append("]\n");
        }

        prompt.Append(languageName is null ? "语音转写" : "语音转写成" + languageName);
        if (!itn)
        {
            prompt.Append("，不进行文本规整");
        }

        return prompt.Append('：').ToString();
    }

    /// <summary>The text before and after the audio embeddings.</summary>
    public static (string BeforeAudio, string AfterAudio) ChatTemplate(IReadOnlyList<string> hotwords, string? languageName, bool itn) =>
        ($"<|im_start|>system\n{SystemPrompt}<|im_end|>\n<|im_start|>user\n{UserPrompt(hotwords, languageName, itn)}",
         "<|im_end|>\n<|im_start|>assistant\n");

    /// <summary>
    /// The audio-frame rule: an encoder that returns all <paramref name="lfrFrames"/> (sherpa-onnx / Wasser1462
    /// export) keeps its first <see cref="FakeTokenLength"/> frames, as official Fun-ASR feeds only those (FA
    /// model.py:404-412, also in training); one that already returns that count (cut in the graph) keeps them all.
    /// Any other count is cut to at most fake_token_len as well.
    /// </summary>
    public static int AudioTokenCount(int lfrFrames, int encoderFrames)
    {
        var trained = FakeTokenLength(lfrFrames);
        return encoderFrames == lfrFrames ? trained : Math.Min(trained, encoderFrames);
    }

    /// <summary>
    /// How many adaptor frames the LLM sees for <paramref name="lfrFrames"/> LFR frames (Fun-ASR's fake_token_len);
    /// feeding more is out of distribution and makes the model loop.
    /// </summary>
    public static int FakeTokenLength(int lfrFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lfrFrames);
        if (lfrFrames == 0)
        {
            return 0;
        }

        var o = 1 + ((lfrFrames - 1) / 2);
        o = 1 + ((o - 1) / 2);
        return ((o - 1) / 2) + 1;
    }
}
