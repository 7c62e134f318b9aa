namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Stage 2's output: for every window, frame and local speaker, 1 when that speaker talks. Local speaker k of one
/// window has nothing to do with local speaker k of the next; clustering finds out who is who.
/// </summary>
public sealed class LocalSegmentation(ChunkLayout layout, int speakers, byte[] activity)
{
    public ChunkLayout Layout { get; } = layout;

    public int Chunks => Layout.Count;

    public int Frames => Layout.FramesPerWindow;

    public int Speakers { get; } = speakers;

    /// <summary>[frames, speakers] activity of one window.</summary>
    public ReadOnlySpan<byte> Chunk(int chunk) => activity.AsSpan(chunk * Frames * Speakers, Frames * Speakers);

    /// <summary>Runs the model over every window, <paramref name="batchSize"/> at a time, and decodes the powerset.</summary>
    public static LocalSegmentation Run(PyannoteSegmentationModel model, ReadOnlySpan<float> samples, ChunkLayout layout,
        int batchSize, CancellationToken cancellationToken)
    {
        var info = model.Info;
        var decoder = new PowersetDecoder(info.NumSpeakers, info.PowersetMaxClasses);
        int frames = info.FramesPerWindow;
        int chunks = layout.Count;
        var activity = new byte[chunks * frames * info.NumSpeakers];
        int batch = Math.Max(1, Math.Min(batchSize, chunks));
        var windows = new float[batch * info.WindowSize];
        var logits = new float[batch * frames * info.NumClasses];
        for (int first = 0; first < chunks; first += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batch, chunks - first);
            for (int i = 0; i < count; i++)
            {
                layout.CopyWindow(samples, first + i, windows.AsSpan(i * info.WindowSize, info.WindowSize));
            }

            model.Run(windows, count, logits);
            decoder.Decode(logits.AsSpan(0, count * frames * info.NumClasses),
                activity.AsSpan(first * frames * info.NumSpeakers, count * frames * info.NumSpeakers));
        }

        return new LocalSegmentation(layout, info.NumSpeakers, activity);
    }
}
