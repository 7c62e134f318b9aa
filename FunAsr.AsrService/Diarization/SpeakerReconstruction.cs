namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Stage 7a: global speaker activity. Each window's local speakers take their cluster's label; per global frame the
/// labels are summed over the windows covering it and the <c>k</c> clusters with the largest sums are kept, k being
/// the frame's speaker count (pyannote-audio's reconstruct + to_diarization; sherpa-onnx's ReLabel, ComputeSpeakerCount
/// and FinalizeLabels). A cluster no window assigns to the frame is never kept, even when k asks for more.
/// </summary>
public static class SpeakerReconstruction
{
    /// <summary>[AudioFrames, clusters] 0/1 activity.</summary>
    public static byte[] Activity(LocalSegmentation segmentation, IReadOnlyList<ChunkSpeaker> speakers, int[] clusterOf,
        int clusters, byte[] speakersPerFrame)
    {
        var layout = segmentation.Layout;
        int frames = layout.AudioFrames;
        int local = segmentation.Speakers;
        var count = new int[frames * clusters];
        var map = new int[segmentation.Chunks * local];
        Array.Fill(map, -1);
        for (int i = 0; i < speakers.Count; i++)
        {
            map[speakers[i].Chunk * local + speakers[i].LocalSpeaker] = clusterOf[i];
        }

        Span<byte> relabelled = clusters <= 512 ? stackalloc byte[clusters] : new byte[clusters];
        for (int c = 0; c < segmentation.Chunks; c++)
        {
            ReadOnlySpan<byte> chunk = segmentation.Chunk(c);
            int offset = layout.FrameOffset(c);
            int span = Math.Min(segmentation.Frames, frames - offset);
            for (int f = 0; f < span; f++)
            {
                // Two local speakers of one window in the same cluster count once (sherpa-onnx ReLabel sets, not adds).
                relabelled.Clear();
                for (int k = 0; k < local; k++)
                {
                    int cluster = map[c * local + k];
                    if (cluster >= 0 && chunk[f * local + k] != 0)
                    {
                        relabelled[cluster] = 1;
                    }
                }

                Span<int> row = count.AsSpan((offset + f) * clusters, clusters);
                for (int k = 0; k < clusters; k++)
                {
                    row[k] += relabelled[k];
                }
            }
        }

        var activity = new byte[frames * clusters];
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<int> row = count.AsSpan(f * clusters, clusters);
            Span<byte> output = activity.AsSpan(f * clusters, clusters);
            for (int pick = 0; pick < Math.Min((int)speakersPerFrame[f], clusters); pick++)
            {
                // Largest sum not yet taken; ties go to the lower cluster (a stable sort's order).
                int best = -1;
                for (int k = 0; k < clusters; k++)
                {
                    if (output[k] == 0 && row[k] > 0 && (best < 0 || row[k] > row[best]))
                    {
                        best = k;
                    }
                }

                if (best < 0)
                {
                    break;
                }

                output[best] = 1;
            }
        }

        return activity;
    }
}
