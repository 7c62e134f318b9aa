namespace FunAsr.AsrService.Vad;

/// <summary>Turns per-frame speech decisions into (first, last) speech-frame pairs.</summary>
internal static class FrameSegments
{
    /// <summary>
    /// Speech runs separated by fewer than <paramref name="maxGapFrames"/> silent frames are one segment; a segment
    /// counts only if some <paramref name="window"/>-frame window in it holds at least <paramref name="minSpeechInWindow"/>
    /// speech frames (FunASR's silence-to-speech rule), so isolated blips are ignored.
    /// </summary>
    public static List<(int First, int Last)> Find(bool[] speech, int maxGapFrames, int window, int minSpeechInWindow)
    {
        var prefix = new int[speech.Length + 1];
        for (int t = 0; t < speech.Length; t++)
        {
            prefix[t + 1] = prefix[t] + (speech[t] ? 1 : 0);
        }

        var segments = new List<(int First, int Last)>();
        int first = -1, last = -1;
        for (int t = 0; t <= speech.Length; t++)
        {
            bool isSpeech = t < speech.Length && speech[t];
            if (isSpeech)
            {
                if (first < 0)
                {
                    first = t;
                }

                last = t;
            }
            else if (first >= 0 && (t == speech.Length || t - last >= maxGapFrames))
            {
                if (HasDenseWindow(prefix, first, last, window, minSpeechInWindow))
                {
                    segments.Add((first, last));
                }

                first = -1;
            }
        }

        return segments;
    }

    private static bool HasDenseWindow(int[] prefix, int first, int last, int window, int minSpeech)
    {
        int length = last - first + 1;
        if (length <= window)
        {
            return prefix[last + 1] - prefix[first] >= minSpeech;
        }

        for (int start = first; start + window <= last + 1; start++)
        {
            if (prefix[start + window] - prefix[start] >= minSpeech)
            {
                return true;
            }
        }

        return false;
    }
}
