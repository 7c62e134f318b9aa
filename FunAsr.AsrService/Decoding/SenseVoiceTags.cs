namespace FunAsr.AsrService.Decoding;

/// <summary>What SenseVoice's four prefix tokens say: &lt;|lang|&gt;&lt;|EMOTION|&gt;&lt;|Event|&gt;&lt;|withitn / woitn|&gt;.</summary>
public sealed record SenseVoiceTags(string? Language, string? Emotion, string? Event, bool? Itn)
{
    public static readonly SenseVoiceTags None = new(null, null, null, null);

    private static readonly HashSet<string> Emotions =
        ["HAPPY", "SAD", "ANGRY", "NEUTRAL", "FEARFUL", "DISGUSTED", "SURPRISED", "EMO_UNKNOWN"];

    private static readonly HashSet<string> Events =
        ["Speech", "BGM", "Applause", "Laughter", "Cry", "Sneeze", "Breath", "Cough", "Event_UNK"];

    /// <summary>The rich-text prefix, e.g. "&lt;|zh|&gt;&lt;|NEUTRAL|&gt;&lt;|Speech|&gt;&lt;|woitn|&gt;".</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>Classifies the prefix pieces by what they name rather than by position, as a model may reorder them.</summary>
    public static SenseVoiceTags Parse(IEnumerable<string> pieces)
    {
        string? language = null, emotion = null, audioEvent = null;
        bool? itn = null;
        var prefix = new System.Text.StringBuilder();
        foreach (var piece in pieces)
        {
            if (!TokenTable.IsTag(piece))
            {
                continue;
            }

            prefix.Append(piece);
            var name = piece[2..^2];
            if (name == "withitn" || name == "woitn")
            {
                itn = name == "withitn";
            }
            else if (Emotions.Contains(name))
            {
                emotion = name;
            }
            else if (Events.Contains(name))
            {
                audioEvent = name;
            }
            else
            {
                language = name;
            }
        }

        return new SenseVoiceTags(language, emotion, audioEvent, itn) { Prefix = prefix.ToString() };
    }
}
