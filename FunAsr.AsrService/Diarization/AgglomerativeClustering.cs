using System.Numerics.Tensors;

namespace FunAsr.AsrService.Diarization;

/// <summary>How to cut the dendrogram: into exactly <see cref="Count"/> clusters, or where merges get farther than
/// <see cref="Threshold"/>, with that count then raised to <see cref="Min"/> or lowered to <see cref="Max"/>.</summary>
public readonly record struct ClusterCut(double Threshold, int? Count = null, int? Min = null, int? Max = null);

/// <summary>One merge of the dendrogram: clusters represented by observations <see cref="A"/> and <see cref="B"/> join at <see cref="Height"/>.</summary>
public readonly record struct ClusterMerge(int A, int B, double Height);

/// <summary>
/// Stage 6: complete-linkage agglomerative clustering on cosine distance max(0, 1 − cos) of L2-normalised embeddings
/// (sherpa-onnx fast-clustering.cc; scipy linkage(method="complete") + fcluster). The dendrogram is built with the
/// nearest-neighbour chain in O(n²) time over a condensed float distance matrix (2n² bytes); above
/// <c>maxExact</c> embeddings, blocks of that size are clustered first and their centroids clustered again.
/// </summary>
public static class AgglomerativeClustering
{
    /// <summary>Cluster labels 0, 1, … numbered by first appearance, one per row of <paramref name="embeddings"/> [n, dim].</summary>
    public static int[] Cluster(ReadOnlySpan<float> embeddings, int dim, ClusterCut cut, int maxExact = int.MaxValue)
    {
        int n = dim == 0 ? 0 : embeddings.Length / dim;
        float[] unit = Normalize(embeddings[..(n * dim)], n, dim);
        if (n <= Math.Max(maxExact, 2))
        {
            return FirstAppearance(CutTree(Linkage(unit, n, dim), n, cut));
        }

        // Two stages keep memory bounded: clusters within consecutive blocks, then clusters of their centroids.
        var blockOf = new int[n];
        var centroids = new List<float[]>();
        for (int start = 0; start < n; start += maxExact)
        {
            int count = Math.Min(maxExact, n - start);
            var local = FirstAppearance(CutTree(Linkage(unit.AsSpan(start * dim, count * dim), count, dim), count, cut with { Count = null, Min = null, Max = null }));
            int first = centroids.Count;
            int clusters = local.Max() + 1;
            for (int c = 0; c < clusters; c++)
            {
                centroids.Add(new float[dim]);
            }

            for (int i = 0; i < count; i++)
            {
                blockOf[start + i] = first + local[i];
                TensorPrimitives.Add(centroids[first + local[i]], unit.AsSpan((start + i) * dim, dim), centroids[first + local[i]]);
            }
        }

        float[] centres = Normalize(centroids.SelectMany(c => c).ToArray(), centroids.Count, dim);
        int[] top = Cluster(centres, dim, cut, maxExact);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = top[blockOf[i]];
        }

        return FirstAppearance(labels);
    }

    /// <summary>The dendrogram of <paramref name="unit"/> [n, dim] (rows of unit length), merges sorted by height.</summary>
    public static ClusterMerge[] Linkage(ReadOnlySpan<float> unit, int n, int dim)
    {
        if (n < 2)
        {
            return [];
        }

        float[] distance = new float[(long)n * (n - 1) / 2];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> a = unit.Slice(i * dim, dim);
            long row = Index(n, i, i + 1);
            for (int j = i + 1; j < n; j++)
            {
                distance[row + j - i - 1] = MathF.Max(0f, 1f - TensorPrimitives.Dot(a, unit.Slice(j * dim, dim)));
            }
        }

        var merges = new List<ClusterMerge>(n - 1);
        var alive = new bool[n];
        Array.Fill(alive, true);
        var chain = new List<int>(n);
        int nextStart = 0;
        while (merges.Count < n - 1)
        {
            if (chain.Count == 0)
            {
                while (!alive[nextStart])
                {
                    nextStart++;
                }

                chain.Add(nextStart);
            }

            int top = chain[^1];
            int previous = chain.Count > 1 ? chain[^2] : -1;
            // Nearest live neighbour of the chain's end; on a tie the previous element wins, which ends the chain.
            int nearest = previous;
            float best = previous >= 0 ? distance[Pair(n, top, previous)] : float.PositiveInfinity;
            for (int k = 0; k < n; k++)
            {
                if (k != top && alive[k] && distance[Pair(n, top, k)] < best)
                {
                    best = distance[Pair(n, top, k)];
                    nearest = k;
                }
            }

            if (nearest != previous)
            {
                chain.Add(nearest);
                continue;
            }

            // top and previous are reciprocal nearest neighbours: merge them into the lower index (Lance–Williams, complete: max).
            chain.RemoveRange(chain.Count - 2, 2);
            int keep = Math.Min(top, previous), drop = Math.Max(top, previous);
            merges.Add(new ClusterMerge(keep, drop, best));
            alive[drop] = false;
            for (int k = 0; k < n; k++)
            {
                if (alive[k] && k != keep)
                {
                    long toKeep = Pair(n, keep, k);
                    distance[toKeep] = MathF.Max(distance[toKeep], distance[Pair(n, drop, k)]);
                }
            }
        }

        // Heights of a reducible linkage come out of the chain unsorted; a stable sort keeps every merge after the ones it builds on.
        return [.. merges.OrderBy(m => m.Height)];
    }

    /// <summary>Flat clusters (unnumbered labels) from a sorted dendrogram of <paramref name="n"/> observations.</summary>
    public static int[] CutTree(ClusterMerge[] merges, int n, ClusterCut cut)
    {
        int applied;
        if (cut.Count is { } count)
        {
            applied = n - Math.Clamp(count, 1, n);
        }
        else
        {
            // fcluster(criterion="distance"): merges at or below the threshold.
            applied = 0;
            while (applied < merges.Length && merges[applied].Height <= cut.Threshold)
            {
                applied++;
            }

            int clusters = n - applied;
            if (cut.Min is { } min && clusters < min)
            {
                applied = n - Math.Min(min, n);
            }
            else if (cut.Max is { } max && clusters > max)
            {
                applied = n - max;
            }
        }

        var parent = new int[n];
        for (int i = 0; i < n; i++)
        {
            parent[i] = i;
        }

        for (int m = 0; m < applied; m++)
        {
            int a = Find(parent, merges[m].A), b = Find(parent, merges[m].B);
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }

        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = Find(parent, i);
        }

        return labels;
    }

    /// <summary>Renumbers labels 0, 1, … in the order they first occur.</summary>
    public static int[] FirstAppearance(int[] labels)
    {
        var order = new Dictionary<int, int>();
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!order.TryGetValue(labels[i], out int id))
            {
                id = order.Count;
                order[labels[i]] = id;
            }

            result[i] = id;
        }

        return result;
    }

    private static float[] Normalize(ReadOnlySpan<float> embeddings, int n, int dim)
    {
        var unit = new float[n * dim];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = embeddings.Slice(i * dim, dim);
            float norm = TensorPrimitives.Norm(row);
            TensorPrimitives.Multiply(row, norm > 0 ? 1f / norm : 0f, unit.AsSpan(i * dim, dim));
        }

        return unit;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static long Pair(int n, int i, int j) => i < j ? Index(n, i, j) : Index(n, j, i);

    // Condensed index of (i, j), i < j, as scipy's squareform lays it out.
    private static long Index(int n, int i, int j) => (long)n * i - (long)i * (i + 1) / 2 + (j - i - 1);
}
