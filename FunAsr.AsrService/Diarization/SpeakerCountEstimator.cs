namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Stage 3: how many people talk in each global frame: the mean, over the windows covering the frame, of the number
/// of active local speakers, rounded (pyannote-audio's speaker_count; sherpa-onnx's ComputeSpeakersPerFrame).
/// </summary>
public static class SpeakerCountEstimator
{
    public static byte[] SpeakersPerFrame(LocalSegmentation segmentation)
    {
        var layout = segmentation.Layout;
        int globalFrames = layout.GlobalFrames;
        var active = new float[globalFrames];
        var covering = new float[globalFrames];
        int speakers = segmentation.Speakers;
        for (int c = 0; c < segmentation.Chunks; c++)
        {
            ReadOnlySpan<byte> chunk = segmentation.Chunk(c);
            int offset = layout.FrameOffset(c);
            int frames = Math.Min(segmentation.Frames, globalFrames - offset);
            for (int f = 0; f < frames; f++)
            {
                int count = 0;
                foreach (byte a in chunk.Slice(f * speakers, speakers))
                {
                    count += a;
                }

                active[offset + f] += count;
                covering[offset + f] += 1;
            }
        }

        var perFrame = new byte[globalFrames];
        for (int f = 0; f < globalFrames; f++)
        {
            perFrame[f] = (byte)(active[f] / (covering[f] + 1e-12f) + 0.5f);
        }

        return perFrame;
    }
}
