namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Stage 1: where the segmentation windows fall. Windows of <see cref="Window"/> samples every <see cref="Shift"/>
/// samples; a recording that ends inside a window gets one more, zero-padded window (sherpa-onnx's
/// RunSpeakerSegmentationModel). Frame indices are global: window i's frame 0 is global frame round(i·shift/frameShift).
/// </summary>
public sealed record ChunkLayout(int SampleCount, int Window, int Shift, int FrameShift, int FramesPerWindow)
{
    public static ChunkLayout For(int sampleCount, SegmentationModelInfo model, double shiftRatio) =>
        new(sampleCount, model.WindowSize, Math.Clamp((int)(shiftRatio * model.WindowSize), 1, model.WindowSize),
            model.ReceptiveFieldShift, model.FramesPerWindow);

    public int Count
    {
        get
        {
            if (SampleCount <= Window)
            {
                return SampleCount > 0 ? 1 : 0;
            }

            int whole = (SampleCount - Window) / Shift + 1;
            return (SampleCount - Window) % Shift > 0 ? whole + 1 : whole;
        }
    }

    public int Start(int chunk) => chunk * Shift;

    /// <summary>Global frame of window <paramref name="chunk"/>'s first frame.</summary>
    public int FrameOffset(int chunk) => (int)(chunk * (double)Shift / FrameShift + 0.5);

    /// <summary>Frames the windows span together: (window + (count − 1)·shift) / frameShift + 1.</summary>
    public int GlobalFrames => Count == 0 ? 0 : (Window + (Count - 1) * Shift) / FrameShift + 1;

    /// <summary>Global frames that start inside the audio; frames over the zero padding are dropped.</summary>
    public int AudioFrames => Math.Min(GlobalFrames, SampleCount / FrameShift + 1);

    /// <summary>Copies window <paramref name="chunk"/> into <paramref name="destination"/>, zero-padding past the end.</summary>
    public void CopyWindow(ReadOnlySpan<float> samples, int chunk, Span<float> destination)
    {
        int start = Start(chunk);
        int length = Math.Clamp(samples.Length - start, 0, Window);
        samples.Slice(start, length).CopyTo(destination);
        destination[length..Window].Clear();
    }
}
