namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Stage 7b: frame activity → turns. Frame f maps to f·shift/rate + half a receptive field (sherpa-onnx's
/// ComputeResult); a speaker's gaps of at most <c>minDurationOff</c> are closed and turns of at most
/// <c>minDurationOn</c> dropped (pyannote's min_duration_off / min_duration_on).
/// </summary>
public static class SpeakerTurnBuilder
{
    public static List<SpeakerTurn> Build(ReadOnlySpan<byte> activity, int frames, int speakers, SegmentationModelInfo model,
        double minDurationOn, double minDurationOff)
    {
        var turns = new List<SpeakerTurn>();
        var runs = new List<SpeakerTurn>();
        for (int k = 0; k < speakers; k++)
        {
            runs.Clear();
            int start = -1;
            for (int f = 0; f <= frames; f++)
            {
                bool on = f < frames && activity[f * speakers + k] != 0;
                if (on && start < 0)
                {
                    start = f;
                }
                else if (!on && start >= 0)
                {
                    var run = new SpeakerTurn(model.FrameTime(start), model.FrameTime(f), k);
                    if (runs.Count > 0 && run.Start - runs[^1].End <= minDurationOff)
                    {
                        runs[^1] = runs[^1] with { End = run.End };
                    }
                    else
                    {
                        runs.Add(run);
                    }

                    start = -1;
                }
            }

            turns.AddRange(runs.Where(r => r.Duration > minDurationOn));
        }

        turns.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Speaker.CompareTo(b.Speaker));
        return turns;
    }
}
