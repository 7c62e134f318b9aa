namespace FunAsr.AsrService.Features;

/// <summary>
/// Low frame rate stacking as FunASR's apply_lfr: each output row concatenates <c>window</c> consecutive input frames,
/// stepping by <c>shift</c>; (window-1)/2 copies of the first frame are prepended and the last frame repeats past the end.
/// </summary>
public static class LowFrameRate
{
    public static int OutputFrameCount(int inputFrames, int shift)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shift);
        ArgumentOutOfRangeException.ThrowIfNegative(inputFrames);
        return (inputFrames + shift - 1) / shift;
    }

    /// <summary>Writes [OutputFrameCount, dim*window] row-major.</summary>
    public static void Apply(ReadOnlySpan<float> frames, int frameCount, int dim, int window, int shift, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        int outFrames = OutputFrameCount(frameCount, shift);
        if (frames.Length < frameCount * dim)
        {
            throw new ArgumentException($"Input holds {frames.Length} floats; {frameCount} frames x {dim} are expected.", nameof(frames));
        }

        int rowWidth = dim * window;
        if (output.Length < outFrames * rowWidth)
        {
            throw new ArgumentException($"Output holds {output.Length} floats; {outFrames} x {rowWidth} are needed.", nameof(output));
        }

        int leftPad = (window - 1) / 2;
        for (int i = 0; i < outFrames; i++)
        {
            Span<float> row = output.Slice(i * rowWidth, rowWidth);
            for (int j = 0; j < window; j++)
            {
                int source = Math.Clamp(i * shift + j - leftPad, 0, frameCount - 1);
                frames.Slice(source * dim, dim).CopyTo(row.Slice(j * dim, dim));
            }
        }
    }

    public static float[] Apply(ReadOnlySpan<float> frames, int frameCount, int dim, int window, int shift)
    {
        var output = new float[OutputFrameCount(frameCount, shift) * dim * window];
        Apply(frames, frameCount, dim, window, shift, output);
        return output;
    }
}
