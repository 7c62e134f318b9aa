namespace FunAsr.AsrService.Decoding;

/// <summary>What SenseVoice's four prefix tokens say: &lt;|lang|&gt;&lt;|EMOTION|&gt;&lt;|Event|&gt;&lt;|withitn / woitn|&gt;.</summary>
public sealed record SenseVoiceTags(string? Language, string? Emotion, string? Event, bool? Itn)
{
    public static readonly SenseVoiceTags None = new(null, null, null, null);

    /// <summary>The rich-text prefix, e.g. "&lt;|zh|&gt;&lt;|NEUTRAL|&gt;&lt;|Speech|&gt;&lt;|woitn|&gt;".</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>
    /// Classifies the prefix pieces by position: frame 0 is the language, 1 the emotion, 2 the audio event, 3 the ITN
    /// switch (SOc offline-recognizer-sense-voice-impl.h ConvertSenseVoiceResult; FunASR sense_voice/model.py). By
    /// name it would go wrong: the event set (Sing, Speech_Noise, GBG, …) is open and shares the "&lt;|…|&gt;" form.
    /// A frame whose argmax is not a tag leaves its field empty.
    /// </summary>
    public static SenseVoiceTags Parse(IEnumerable<string> pieces)
    {
        string? language = null, emotion = null, audioEvent = null;
        bool? itn = null;
        var prefix = new System.Text.StringBuilder();
        var position = 0;
        foreach (var piece in pieces)
        {
            var slot = position++;
            if (!TokenTable.IsTag(piece))
            {
                continue;
            }

            prefix.Append(piece);
            var name = piece[2..^2];
            switch (slot)
            {
                case 0:
                    language = name;
                    break;
                case 1:
                    emotion = name;
                    break;
                case 2:
                    audioEvent = name;
                    break;
                case 3 when name is "withitn" or "woitn":
                    itn = name == "withitn";
                    break;
            }
        }

        return new SenseVoiceTags(language, emotion, audioEvent, itn) { Prefix = prefix.ToString() };
    }
}
