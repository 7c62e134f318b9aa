namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Powerset classes → local speaker activity: class c is a set of at most k of the n local speakers, enumerated by
/// size and then lexicographically ({}, {0}, {1}, {2}, {0,1}, {0,2}, {1,2} for n = 3, k = 2), as pyannote-audio's
/// utils/powerset.py builds its mapping. Each frame takes its most probable class.
/// </summary>
public sealed class PowersetDecoder
{
    private readonly byte[] _mapping;

    public PowersetDecoder(int speakers, int maxSimultaneous)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speakers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSimultaneous, 1);
        Speakers = speakers;
        Classes = ClassCount(speakers, maxSimultaneous);
        _mapping = new byte[Classes * speakers];
        int row = 1;
        var members = new int[maxSimultaneous];
        for (int size = 1; size <= maxSimultaneous; size++)
        {
            Enumerate(members, size, 0, 0, ref row);
        }
    }

    public int Speakers { get; }

    public int Classes { get; }

    /// <summary>Number of sets of at most <paramref name="maxSimultaneous"/> out of <paramref name="speakers"/>, the empty set included.</summary>
    public static int ClassCount(int speakers, int maxSimultaneous)
    {
        int total = 0;
        for (int size = 0; size <= Math.Min(speakers, maxSimultaneous); size++)
        {
            long binomial = 1;
            for (int i = 0; i < size; i++)
            {
                binomial = binomial * (speakers - i) / (i + 1);
            }

            total += (int)binomial;
        }

        return total;
    }

    /// <summary>Whether class <paramref name="powersetClass"/> contains <paramref name="speaker"/>.</summary>
    public bool Contains(int powersetClass, int speaker) => _mapping[powersetClass * Speakers + speaker] != 0;

    /// <summary>[frames, classes] log-probabilities → [frames, speakers] 0/1 activity; ties go to the lower class.</summary>
    public void Decode(ReadOnlySpan<float> logits, Span<byte> activity)
    {
        int frames = logits.Length / Classes;
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<float> row = logits.Slice(f * Classes, Classes);
            int best = 0;
            for (int c = 1; c < row.Length; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            _mapping.AsSpan(best * Speakers, Speakers).CopyTo(activity.Slice(f * Speakers, Speakers));
        }
    }

    private void Enumerate(int[] members, int size, int depth, int next, ref int row)
    {
        if (depth == size)
        {
            for (int i = 0; i < size; i++)
            {
                _mapping[row * Speakers + members[i]] = 1;
            }

            row++;
            return;
        }

        for (int speaker = next; speaker < Speakers; speaker++)
        {
            members[depth] = speaker;
            Enumerate(members, size, depth + 1, speaker + 1, ref row);
        }
    }
}
