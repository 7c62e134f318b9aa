using FunAsr.AsrService.Audio;
using Xunit.Abstractions;

namespace FunAsr.Tests.Audio;

public sealed class SincResamplerTests(ITestOutputHelper output)
{
    private static float[] Fixture(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Audio", name));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    [Theory]
    [InlineData(8_000)]
    [InlineData(22_050)]
    [InlineData(44_100)]
    [InlineData(48_000)]
    public void Matches_torchaudio_resample(int rate)
    {
        var input = Fixture($"resample_{rate}.in.f32");
        var expected = Fixture($"resample_{rate}.out.f32");

        var actual = new SincResampler(rate, 16_000).Process(input);

        Assert.Equal(expected.Length, actual.Length);
        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{rate} Hz -> 16 kHz: max abs diff against torchaudio {maxDiff:E2}");
        Assert.True(maxDiff < 2e-5, $"max abs diff {maxDiff} against torchaudio");
    }

    [Theory]
    [InlineData(44_101, 1_000)]
    [InlineData(7_999, 2_000)]
    [InlineData(192_000, 3_000)]
    public void Keeps_a_tone_at_unusual_rates(int rate, double frequency)
    {
        var input = Enumerable.Range(0, rate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / rate))).ToArray();

        var output = new SincResampler(rate, 16_000).Process(input);

        Assert.Equal(16_000, output.Length);
        Assert.True(SignalAnalysis.EnergyShareAt(output, frequency) > 0.99);
    }

    [Fact]
    public void Removes_content_above_the_new_nyquist()
    {
        const int rate = 48_000;
        var input = Enumerable.Range(0, rate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 12_000 * i / rate))).ToArray();

        var output = new SincResampler(rate, 16_000).Process(input);

        // 12 kHz would alias to 4 kHz; the anti-alias filter leaves far less than 1% of its level.
        Assert.True(SignalAnalysis.Rms(output.AsSpan(800, 14_400)) < 0.005);
    }

    [Theory]
    [InlineData(8_000)]
    [InlineData(11_025)]
    [InlineData(22_050)]
    [InlineData(44_100)]
    [InlineData(48_000)]
    [InlineData(1_000)]
    [InlineData(96_000)]
    public void Streaming_in_pieces_of_any_size_gives_the_whole_array_result(int rate)
    {
        var random = new Random(rate);
        var input = Enumerable.Range(0, rate * 2 + 17).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var resampler = new SincResampler(rate, 16_000);
        var whole = resampler.Process(input);

        var streaming = new StreamingResampler(resampler);
        var streamed = new List<float>();
        var buffer = new float[1 + random.Next(5000)];
        for (var at = 0; at < input.Length;)
        {
            var piece = Math.Min(input.Length - at, random.Next(1, 3000));
            streaming.Append(input.AsSpan(at, piece));
            at += piece;
            int written;
            while ((written = streaming.Drain(buffer, endOfInput: false)) > 0) streamed.AddRange(buffer.AsSpan(0, written));
        }

        int last;
        while ((last = streaming.Drain(buffer, endOfInput: true)) > 0) streamed.AddRange(buffer.AsSpan(0, last));

        Assert.Equal(whole.Length, streamed.Count);
        var maxDiff = whole.Zip(streamed, (w, s) => Math.Abs(w - s)).Max();
        Assert.True(maxDiff < 1e-6, $"max abs diff {maxDiff} against the whole-array resampler");
    }

    [Fact]
    public void Only_rate_pairs_with_small_weight_tables_are_resampled_in_process()
    {
        Assert.All(new[] { 8_000, 11_025, 22_050, 44_100, 48_000, 88_200, 96_000, 192_000, 384_000 },
            rate => Assert.True(SincResampler.IsPractical(rate, 16_000), $"{rate} Hz"));
        Assert.All(new[] { 7_999, 44_101, 80_001, 767_993, 999, 768_001 },
            rate => Assert.False(SincResampler.IsPractical(rate, 16_000), $"{rate} Hz"));
    }
}
