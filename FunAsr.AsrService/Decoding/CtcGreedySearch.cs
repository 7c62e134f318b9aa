using System.Numerics.Tensors;

namespace FunAsr.AsrService.Decoding;

/// <summary>One emitted token and the run of frames [StartFrame, EndFrame) its label held on the best path.</summary>
public readonly record struct CtcToken(int Id, int StartFrame, int EndFrame);

/// <summary>CTC best-path decoding: argmax per frame, collapse repeats, drop blanks.</summary>
public static class CtcGreedySearch
{
    /// <summary>Best path over frames [firstFrame, frames) of row-major [frames, vocabulary] logits.</summary>
    public static List<CtcToken> Decode(ReadOnlySpan<float> logits, int frames, int vocabulary, int blankId, int firstFrame = 0)
    {
        var tokens = new List<CtcToken>();
        var previous = -1;
        for (var f = firstFrame; f < frames; f++)
        {
            var id = TensorPrimitives.IndexOfMax(logits.Slice(f * vocabulary, vocabulary));
            if (id == previous && id != blankId)
            {
                tokens[^1] = tokens[^1] with { EndFrame = f + 1 - firstFrame };
            }
            else if (id != blankId)
            {
                tokens.Add(new CtcToken(id, f - firstFrame, f + 1 - firstFrame));
            }

            previous = id;
        }

        return tokens;
    }

    /// <summary>Best path over frames [firstFrame, ..) of per-frame argmax ids: collapse repeats, drop blanks.</summary>
    public static List<CtcToken> Collapse(ReadOnlySpan<int> bestPath, int blankId, int firstFrame = 0)
    {
        var tokens = new List<CtcToken>();
        var previous = -1;
        for (var f = firstFrame; f < bestPath.Length; f++)
        {
            var id = bestPath[f];
            if (id == previous && id != blankId)
            {
                tokens[^1] = tokens[^1] with { EndFrame = f + 1 - firstFrame };
            }
            else if (id != blankId)
            {
                tokens.Add(new CtcToken(id, f - firstFrame, f + 1 - firstFrame));
            }

            previous = id;
        }

        return tokens;
    }

    /// <summary>The argmax id of each of the first <paramref name="count"/> frames (SenseVoice's tag frames).</summary>
    public static int[] ArgMax(ReadOnlySpan<float> logits, int count, int vocabulary)
    {
        var ids = new int[count];
        for (var f = 0; f < count; f++)
        {
            ids[f] = TensorPrimitives.IndexOfMax(logits.Slice(f * vocabulary, vocabulary));
        }

        return ids;
    }
}
