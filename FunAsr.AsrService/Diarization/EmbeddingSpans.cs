namespace FunAsr.AsrService.Diarization;

/// <summary>Sample range [Start, End) of the recording.</summary>
public readonly record struct SampleRange(int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>A local speaker of one window and where it talks alone: the audio its embedding is computed from.</summary>
public sealed record ChunkSpeaker(int Chunk, int LocalSpeaker, IReadOnlyList<SampleRange> Ranges)
{
    public int SampleCount => Ranges.Sum(r => r.Length);
}

/// <summary>
/// Stage 4: per window and local speaker, the frames where it is the only one talking, as sample ranges of the
/// recording (sherpa-onnx's ExcludeOverlap and GetChunkSpeakerSampleIndexes): overlapped speech would blur the
/// embedding. A speaker with fewer than <see cref="MinimumFrames"/> such frames in the window gets no embedding.
/// </summary>
public static class EmbeddingSpans
{
    public const int MinimumFrames = 10;

    public static List<ChunkSpeaker> Find(LocalSegmentation segmentation)
    {
        var layout = segmentation.Layout;
        int frames = segmentation.Frames;
        int speakers = segmentation.Speakers;
        var solo = new byte[frames];
        var result = new List<ChunkSpeaker>();
        for (int c = 0; c < segmentation.Chunks; c++)
        {
            ReadOnlySpan<byte> chunk = segmentation.Chunk(c);
            int offset = layout.Start(c);
            for (int k = 0; k < speakers; k++)
            {
                int count = 0;
                for (int f = 0; f < frames; f++)
                {
                    ReadOnlySpan<byte> row = chunk.Slice(f * speakers, speakers);
                    solo[f] = (byte)(row[k] != 0 && Sum(row) < 2 ? 1 : 0);
                    count += solo[f];
                }

                if (count < MinimumFrames)
                {
                    continue;
                }

                var ranges = new List<SampleRange>();
                int start = -1;
                for (int f = 0; f <= frames; f++)
                {
                    bool on = f < frames && solo[f] != 0;
                    if (on && start < 0)
                    {
                        start = f;
                    }
                    else if (!on && start >= 0)
                    {
                        // Frame f ↦ sample f / frames · window; a run that reaches the last frame ends at frame frames − 1.
                        int end = Math.Min(f, frames - 1);
                        var range = new SampleRange(offset + ToSample(start, frames, layout.Window),
                            Math.Min(offset + ToSample(end, frames, layout.Window), layout.SampleCount));
                        if (range.Length > 0)
                        {
                            ranges.Add(range);
                        }

                        start = -1;
                    }
                }

                if (ranges.Count > 0)
                {
                    result.Add(new ChunkSpeaker(c, k, ranges));
                }
            }
        }

        return result;
    }

    private static int ToSample(int frame, int frames, int window) => (int)((float)frame / frames * window);

    private static int Sum(ReadOnlySpan<byte> row)
    {
        int sum = 0;
        foreach (byte b in row)
        {
            sum += b;
        }

        return sum;
    }
}
