namespace FunAsr.AsrService.Inference;

/// <summary>
/// Groups utterances into runs of similar length, so a padded batch wastes little: sorted by frames, a run closes at
/// <c>maxBatch</c> items or before an item that would make its longest more than <c>maxPaddingRatio</c> times its shortest.
/// Padding costs more than its share on CPU (attention grows with the square of the length, and an int8 graph's
/// DynamicQuantizeLinear takes one activation range over the whole padded batch).
/// </summary>
public static class LengthBuckets
{
    /// <summary>Index groups into <paramref name="frames"/>, shortest first; every index appears once.</summary>
    public static List<int[]> Plan(IReadOnlyList<int> frames, int maxBatch, double maxPaddingRatio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPaddingRatio, 1.0);
        var order = Enumerable.Range(0, frames.Count).OrderBy(i => frames[i]).ToArray();
        var runs = new List<int[]>();
        var start = 0;
        for (var i = 1; i <= order.Length; i++)
        {
            var full = i - start >= maxBatch;
            var tooLong = i < order.Length && frames[order[i]] > maxPaddingRatio * Math.Max(1, frames[order[start]]);
            if (i == order.Length || full || tooLong)
            {
                runs.Add(order[start..i]);
                start = i;
            }
        }

        return runs;
    }
}
