using FunAsr.AsrService.Diarization;

namespace FunAsr.Tests.Diarization;

/// <summary>Complete-linkage clustering against scipy's linkage/fcluster on seeded embeddings (fixtures/clustering.json).</summary>
public sealed class ClusteringParityTests
{
    private static readonly System.Text.Json.JsonElement Fixture = DiarizationFixtures.Json("clustering.json");

    private static float[] Embeddings(out int dim)
    {
        dim = Fixture.GetProperty("dim").GetInt32();
        return Fixture.GetProperty("embeddings").EnumerateArray().SelectMany(DiarizationFixtures.Floats).ToArray();
    }

    [Fact]
    public void Dendrogram_heights_match_scipy_complete_linkage()
    {
        float[] embeddings = Embeddings(out int dim);
        int n = embeddings.Length / dim;
        var unit = new float[embeddings.Length];
        for (int i = 0; i < n; i++)
        {
            var row = embeddings.AsSpan(i * dim, dim);
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, 1 / norm, unit.AsSpan(i * dim, dim));
        }

        double[] expected = Fixture.GetProperty("heights").EnumerateArray().Select(h => h.GetDouble()).ToArray();
        double[] actual = AgglomerativeClustering.Linkage(unit, n, dim).Select(m => m.Height).ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"merge {i}: scipy {expected[i]}, ours {actual[i]}");
        }
    }

    public static TheoryData<int> Cases() => new(Enumerable.Range(0, Fixture.GetProperty("cases").GetArrayLength()));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flat_clusters_match_fcluster(int index)
    {
        var c = Fixture.GetProperty("cases")[index];
        float[] embeddings = Embeddings(out int dim);
        var cut = new ClusterCut(c.GetProperty("threshold").GetDouble(),
            c.TryGetProperty("num", out var num) ? num.GetInt32() : null,
            c.TryGetProperty("min", out var min) ? min.GetInt32() : null,
            c.TryGetProperty("max", out var max) ? max.GetInt32() : null);

        int[] labels = AgglomerativeClustering.Cluster(embeddings, dim, cut);

        Assert.Equal(DiarizationFixtures.Ints(c.GetProperty("labels")), labels);
    }

    [Fact]
    public void Two_stage_clustering_finds_the_same_speakers_as_exact_clustering_when_they_are_well_separated()
    {
        // 1200 embeddings of 5 speakers in time order; blocks of 256 stand in for a recording too long for one distance matrix.
        var random = new Random(4);
        const int dim = 16;
        var centres = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, dim).Select(_ => (float)Gaussian(random)).ToArray()).ToArray();
        var truth = Enumerable.Range(0, 1200).Select(i => (i / 7 + i % 3) % 5).ToArray();
        float[] embeddings = truth.SelectMany(s => centres[s].Select(v => v + 0.15f * (float)Gaussian(random))).ToArray();

        int[] exact = AgglomerativeClustering.Cluster(embeddings, dim, new ClusterCut(0.5));
        int[] blocked = AgglomerativeClustering.Cluster(embeddings, dim, new ClusterCut(0.5), maxExact: 256);
        int[] blockedFour = AgglomerativeClustering.Cluster(embeddings, dim, new ClusterCut(0.5, Count: 4), maxExact: 256);

        Assert.Equal(AgglomerativeClustering.FirstAppearance(truth), exact);
        Assert.Equal(exact, blocked);
        Assert.Equal(4, blockedFour.Distinct().Count());
    }

    [Fact]
    public void Degenerate_inputs_give_one_cluster_or_none()
    {
        Assert.Empty(AgglomerativeClustering.Cluster([], 4, new ClusterCut(0.5)));
        Assert.Equal([0], AgglomerativeClustering.Cluster([1, 0, 0, 0], 4, new ClusterCut(0.5)));
        // Identical and all-zero rows: distances 0 and 1, no NaN.
        Assert.Equal([0, 0, 1], AgglomerativeClustering.Cluster([1, 1, 1, 1, 0, 0], 2, new ClusterCut(0.5)));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
