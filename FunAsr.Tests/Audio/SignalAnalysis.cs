namespace FunAsr.Tests.Audio;

internal static class SignalAnalysis
{
    /// <summary>
    /// Share of the signal's energy at one frequency (Goertzel), about 1 for a pure tone at that frequency
    /// and about 0 elsewhere. Edges are skipped so codec ramps do not count.
    /// </summary>
    public static double EnergyShareAt(ReadOnlySpan<float> samples, double frequency, int sampleRate = 16_000)
    {
        var edge = Math.Min(samples.Length / 10, sampleRate / 20);
        var x = samples[edge..^edge];
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0, beforePrevious = 0, energy = 0;
        foreach (var sample in x)
        {
            var current = sample + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
            energy += (double)sample * sample;
        }

        var power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return energy == 0 ? 0 : 2 * power / (x.Length * energy);
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var sample in samples) sum += (double)sample * sample;
        return samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
