using System.Numerics.Tensors;
using System.Text.Json;
using FunAsr.AsrService.Diarization;
using Xunit.Abstractions;

namespace FunAsr.Tests.Diarization;

/// <summary>
/// Every stage on fixtures/meeting.flac against the Python reference (reference.py running doubles.py in PyTorch,
/// fixtures/pipeline.json); here the same doubles run as ONNX through ONNX Runtime.
/// </summary>
public sealed class PipelineParityTests(ITestOutputHelper output)
{
    private static readonly JsonElement Expected = DiarizationFixtures.Json("pipeline.json");

    [Fact]
    public void Each_stage_matches_the_reference_with_the_3d_speaker_contract()
    {
        var python = Expected.GetProperty("3d-speaker");
        using var diarizer = DiarizationFixtures.Diarizer("3d-speaker");
        float[] samples = DiarizationFixtures.Meeting;
        var layout = ChunkLayout.For(samples.Length, diarizer.Segmentation.Info, 0.1);

        // Stages 1–2: windows and powerset decoding.
        var local = LocalSegmentation.Run(diarizer.Segmentation, samples, layout, batchSize: 3, CancellationToken.None);
        var labels = python.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        Assert.Equal(labels.Length, local.Chunks);
        int differing = 0;
        for (int c = 0; c < local.Chunks; c++)
        {
            var chunk = local.Chunk(c);
            for (int f = 0; f < local.Frames; f++)
            {
                int digit = chunk[f * 3] + 2 * chunk[f * 3 + 1] + 4 * chunk[f * 3 + 2];
                differing += digit == labels[c][f] - '0' ? 0 : 1;
            }
        }

        output.WriteLine($"{local.Chunks} windows x {local.Frames} frames; {differing} frames differ from PyTorch");
        Assert.Equal(0, differing);

        // Stage 3: speakers per frame.
        byte[] perFrame = SpeakerCountEstimator.SpeakersPerFrame(local);
        Assert.Equal(python.GetProperty("speakers_per_frame").GetString(), string.Concat(perFrame.Select(b => (char)('0' + b))));

        // Stage 4: overlap-free sample ranges per window speaker.
        var spans = EmbeddingSpans.Find(local);
        var expectedSpans = python.GetProperty("spans").EnumerateArray().ToArray();
        Assert.Equal(expectedSpans.Length, spans.Count);
        for (int i = 0; i < spans.Count; i++)
        {
            Assert.Equal(expectedSpans[i][0].GetInt32(), spans[i].Chunk);
            Assert.Equal(expectedSpans[i][1].GetInt32(), spans[i].LocalSpeaker);
            var ranges = expectedSpans[i][2].EnumerateArray()
                .Select(r => new SampleRange(r[0].GetInt32(), Math.Min(r[1].GetInt32(), samples.Length)))
                .Where(r => r.Length > 0);
            Assert.Equal(ranges, spans[i].Ranges);
        }

        // Stage 5: one embedding per window speaker.
        var embeddings = python.GetProperty("embeddings").EnumerateArray().Select(DiarizationFixtures.Floats).ToArray();
        float[] ours = new float[spans.Count * diarizer.Embedding.Dimension];
        double worst = 1;
        for (int i = 0; i < spans.Count; i++)
        {
            float[] joined = spans[i].Ranges.SelectMany(r => samples.AsSpan(r.Start, r.Length).ToArray()).ToArray();
            float[] embedding = diarizer.Embedding.Compute(joined)!;
            embedding.CopyTo(ours, i * embedding.Length);
            worst = Math.Min(worst, TensorPrimitives.CosineSimilarity(embedding, embeddings[i]));
        }

        output.WriteLine($"{spans.Count} embeddings; lowest cosine similarity to PyTorch's {worst:F6}");
        Assert.True(worst > 0.999, $"cosine {worst}");

        // Stage 6: clusters.
        int[] clusters = AgglomerativeClustering.Cluster(ours, diarizer.Embedding.Dimension, new ClusterCut(0.5));
        Assert.Equal(DiarizationFixtures.Ints(python.GetProperty("clusters")), clusters);

        // Stage 7 and the whole: turns within one frame of the reference's.
        var result = diarizer.Diarize(samples);
        AssertTurns(python.GetProperty("turns"), result.Turns);
    }

    [Theory]
    [InlineData("wespeaker")]
    [InlineData("nemo")]
    public void The_other_embedding_contracts_give_the_reference_turns(string framework)
    {
        var python = Expected.GetProperty(framework);
        using var diarizer = DiarizationFixtures.Diarizer(framework);

        var result = diarizer.Diarize(DiarizationFixtures.Meeting);

        AssertTurns(python.GetProperty("turns"), result.Turns);
        Assert.Equal(3, result.Speakers.Count);
    }

    [Theory]
    [InlineData("3d-speaker")]
    [InlineData("wespeaker")]
    [InlineData("nemo")]
    public void The_turns_are_sherpa_onnx_s_on_the_same_models_and_audio(string framework)
    {
        // fixtures/sherpa-onnx.json: sherpa-onnx-node 1.13.8 (make_sherpa_reference.sh); its speaker ids are cluster ids, ours first-appearance order.
        var sherpa = DiarizationFixtures.Json("sherpa-onnx.json").GetProperty(framework).GetProperty("turns").EnumerateArray()
            .Select(t => new SpeakerTurn(t[0].GetDouble(), t[1].GetDouble(), t[2].GetInt32())).ToArray();
        using var diarizer = DiarizationFixtures.Diarizer(framework);

        var ours = diarizer.Diarize(DiarizationFixtures.Meeting).Turns;

        Assert.Equal(sherpa.Length, ours.Count);
        var mapping = new Dictionary<int, int>();
        for (int i = 0; i < sherpa.Length; i++)
        {
            Assert.Equal(sherpa[i].Start, ours[i].Start, 4);
            Assert.Equal(sherpa[i].End, ours[i].End, 4);
            Assert.Equal(mapping.GetValueOrDefault(sherpa[i].Speaker, ours[i].Speaker), ours[i].Speaker);
            mapping[sherpa[i].Speaker] = ours[i].Speaker;
        }

        Assert.Equal(mapping.Count, mapping.Values.Distinct().Count());
    }

    private void AssertTurns(JsonElement expected, IReadOnlyList<SpeakerTurn> actual)
    {
        var turns = expected.EnumerateArray().Select(t => new SpeakerTurn(t[0].GetDouble(), t[1].GetDouble(), t[2].GetInt32())).ToArray();
        output.WriteLine(string.Join("; ", actual.Select(t => $"{t.Start:F3}-{t.End:F3} S{t.Speaker}")));
        Assert.Equal(turns.Length, actual.Count);
        double frame = 270.0 / 16000;
        for (int i = 0; i < turns.Length; i++)
        {
            Assert.Equal(turns[i].Speaker, actual[i].Speaker);
            Assert.True(Math.Abs(turns[i].Start - actual[i].Start) <= frame + 1e-6, $"turn {i} starts {actual[i].Start}, reference {turns[i].Start}");
            Assert.True(Math.Abs(turns[i].End - actual[i].End) <= frame + 1e-6, $"turn {i} ends {actual[i].End}, reference {turns[i].End}");
        }
    }
}
