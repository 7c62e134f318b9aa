namespace FunAsr.AsrService.Diarization;

/// <summary>DER components in seconds of speech (overlapped speech counts once per speaker).</summary>
public sealed record DiarizationScore(double Total, double Correct, double Confusion, double Miss, double FalseAlarm,
    IReadOnlyDictionary<string, string> Mapping)
{
    /// <summary>(confusion + miss + false alarm) / total reference speech; 0 when there is none.</summary>
    public double Rate => Total > 0 ? (Confusion + Miss + FalseAlarm) / Total : 0;
}

/// <summary>
/// Diarization error rate as pyannote.metrics computes it (diarization.py DiarizationErrorRate over identification.py):
/// without a UEM the evaluated region is the union of both extents; <c>collar</c> seconds centred on every reference
/// boundary are removed from it (pyannote's collar is the total width: 0.5 there is md-eval's ±0.25); with
/// <c>skipOverlap</c> reference overlap is removed too. Hypothesis labels are mapped onto reference labels one to one
/// by the Hungarian algorithm on co-occurrence time; then over every elementary segment of the joint timeline,
/// with R reference and H hypothesis speakers: miss = max(0, R − H), false alarm = max(0, H − R),
/// confusion = min(R, H) − correct, total = R, all weighted by duration.
/// </summary>
public static class DiarizationErrorRate
{
    public static DiarizationScore Compute(IReadOnlyList<LabeledSegment> reference, IReadOnlyList<LabeledSegment> hypothesis,
        double collar = 0, bool skipOverlap = false)
    {
        var none = new Dictionary<string, string>();
        if (reference.Count + hypothesis.Count == 0)
        {
            return new DiarizationScore(0, 0, 0, 0, 0, none);
        }

        var uem = EvaluationMap(reference, hypothesis, collar, skipOverlap);
        var refCropped = Crop(reference, uem);
        var hypCropped = Crop(hypothesis, uem);
        var mapping = OptimalMapping(refCropped, hypCropped);

        // Unmapped hypothesis labels must never equal a reference label: prefix them with a character labels cannot hold.
        var mapped = hypCropped.Select(s => s with { Label = mapping.TryGetValue(s.Label, out var r) ? r : "\n" + s.Label }).ToList();
        var bounds = refCropped.Concat(mapped).SelectMany(s => new[] { s.Start, s.End }).Distinct().Order().ToArray();
        var events = Index(refCropped, mapped);

        double total = 0, correct = 0, confusion = 0, miss = 0, falseAlarm = 0;
        var refCount = new Dictionary<string, int>();
        var hypCount = new Dictionary<string, int>();
        int cursor = 0;
        for (int b = 0; b + 1 < bounds.Length; b++)
        {
            double start = bounds[b], end = bounds[b + 1];
            // Apply the segments that start or end at this boundary, in time order.
            while (cursor < events.Count && events[cursor].Time <= start)
            {
                var e = events[cursor++];
                var counts = e.Reference ? refCount : hypCount;
                counts[e.Label] = counts.GetValueOrDefault(e.Label) + e.Delta;
            }

            double duration = end - start;
            int r = refCount.Values.Sum(), h = hypCount.Values.Sum();
            int right = refCount.Sum(kv => Math.Min(kv.Value, hypCount.GetValueOrDefault(kv.Key)));
            total += duration * r;
            correct += duration * right;
            confusion += duration * (Math.Min(r, h) - right);
            miss += duration * Math.Max(0, r - h);
            falseAlarm += duration * Math.Max(0, h - r);
        }

        return new DiarizationScore(total, correct, confusion, miss, falseAlarm, mapping);
    }

    /// <summary>pyannote.metrics HungarianMapper: hypothesis → reference labels maximising co-occurrence; pairs that never co-occur stay unmapped.</summary>
    public static Dictionary<string, string> OptimalMapping(IReadOnlyList<LabeledSegment> reference, IReadOnlyList<LabeledSegment> hypothesis)
    {
        string[] refLabels = [.. reference.Select(s => s.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        string[] hypLabels = [.. hypothesis.Select(s => s.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var mapping = new Dictionary<string, string>();
        if (refLabels.Length == 0 || hypLabels.Length == 0)
        {
            return mapping;
        }

        var cooccurrence = new double[hypLabels.Length, refLabels.Length];
        foreach (var h in hypothesis)
        {
            int i = Array.IndexOf(hypLabels, h.Label);
            foreach (var r in reference)
            {
                double shared = Math.Min(h.End, r.End) - Math.Max(h.Start, r.Start);
                if (shared > 0)
                {
                    cooccurrence[i, Array.IndexOf(refLabels, r.Label)] += shared;
                }
            }
        }

        var cost = new double[hypLabels.Length, refLabels.Length];
        for (int i = 0; i < hypLabels.Length; i++)
        {
            for (int j = 0; j < refLabels.Length; j++)
            {
                cost[i, j] = -cooccurrence[i, j];
            }
        }

        int[] assignment = HungarianAlgorithm.Solve(cost);
        for (int i = 0; i < hypLabels.Length; i++)
        {
            if (assignment[i] >= 0 && cooccurrence[i, assignment[i]] > 0)
            {
                mapping[hypLabels[i]] = refLabels[assignment[i]];
            }
        }

        return mapping;
    }

    private static List<(double Start, double End)> EvaluationMap(IReadOnlyList<LabeledSegment> reference,
        IReadOnlyList<LabeledSegment> hypothesis, double collar, bool skipOverlap)
    {
        var all = reference.Concat(hypothesis).ToList();
        double lo = all.Min(s => s.Start), hi = all.Max(s => s.End);
        var removed = new List<(double Start, double End)>();
        if (collar > 0)
        {
            foreach (var s in reference)
            {
                removed.Add((s.Start - collar / 2, s.Start + collar / 2));
                removed.Add((s.End - collar / 2, s.End + collar / 2));
            }
        }

        if (skipOverlap)
        {
            for (int i = 0; i < reference.Count; i++)
            {
                for (int j = i + 1; j < reference.Count; j++)
                {
                    double a = Math.Max(reference[i].Start, reference[j].Start), b = Math.Min(reference[i].End, reference[j].End);
                    if (b > a)
                    {
                        removed.Add((a, b));
                    }
                }
            }
        }

        // The evaluation map is the extent minus the support (union) of what is removed.
        var uem = new List<(double, double)>();
        double cursor = lo;
        foreach (var (start, end) in Support(removed))
        {
            if (start > cursor)
            {
                uem.Add((cursor, Math.Min(start, hi)));
            }

            cursor = Math.Max(cursor, end);
        }

        if (cursor < hi)
        {
            uem.Add((cursor, hi));
        }

        return uem.Where(s => s.Item2 > s.Item1).ToList();
    }

    private static List<(double Start, double End)> Support(List<(double Start, double End)> segments)
    {
        var union = new List<(double Start, double End)>();
        foreach (var s in segments.OrderBy(s => s.Start))
        {
            if (union.Count > 0 && s.Start <= union[^1].End)
            {
                union[^1] = (union[^1].Start, Math.Max(union[^1].End, s.End));
            }
            else
            {
                union.Add(s);
            }
        }

        return union;
    }

    private static List<LabeledSegment> Crop(IReadOnlyList<LabeledSegment> segments, List<(double Start, double End)> uem)
    {
        var cropped = new List<LabeledSegment>();
        foreach (var s in segments)
        {
            foreach (var (start, end) in uem)
            {
                double a = Math.Max(s.Start, start), b = Math.Min(s.End, end);
                if (b > a)
                {
                    cropped.Add(new LabeledSegment(a, b, s.Label));
                }
            }
        }

        return cropped;
    }

    private readonly record struct Event(double Time, bool Reference, string Label, int Delta);

    private static List<Event> Index(List<LabeledSegment> reference, List<LabeledSegment> hypothesis)
    {
        var events = new List<Event>();
        foreach (var s in reference)
        {
            events.Add(new Event(s.Start, true, s.Label, +1));
            events.Add(new Event(s.End, true, s.Label, -1));
        }

        foreach (var s in hypothesis)
        {
            events.Add(new Event(s.Start, false, s.Label, +1));
            events.Add(new Event(s.End, false, s.Label, -1));
        }

        events.Sort((a, b) => a.Time.CompareTo(b.Time));
        return events;
    }
}
