using System.Diagnostics;

namespace FunAsr.Benchmarks;

/// <summary>
/// Thread CPU time per call of the front-end stages (<c>-- --cpu-time</c>). On a shared machine whose load exceeds its
/// cores, wall-clock figures mostly measure the wait for a core; CPU time measures the work, i.e. speed per core.
/// </summary>
public static class CpuTimeProbe
{
    public static void Run(int iterations = 20, int callsPerSample = 5)
    {
        var bench = new FrontendBenchmarks();
        bench.Setup();
        (string Name, Action Action)[] stages =
        [
            ("fbank 80, snip_edges=true", bench.FbankSnipEdges),
            ("fbank 80, snip_edges=false", bench.FbankReflectEdges),
            ("LFR 7/6 + CMVN", bench.LfrAndCmvn),
            ("fbank + LFR + CMVN", bench.WholeFrontEnd),
            ("energy VAD", () => bench.EnergyVad()),
        ];

        Console.WriteLine($"| Stage (60 s of audio) | CPU ms per call (median of {iterations}x{callsPerSample}) | CPU ms (best) | x real time per core (median) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, action) in stages)
        {
            for (int i = 0; i < 5; i++)
            {
                action();
            }

            var samples = new double[iterations];
            for (int i = 0; i < iterations; i++)
            {
                TimeSpan before = ThreadCpuTime();
                for (int call = 0; call < callsPerSample; call++)
                {
                    action();
                }

                samples[i] = (ThreadCpuTime() - before).TotalMilliseconds / callsPerSample;
            }

            Array.Sort(samples);
            double median = samples[iterations / 2];
            Console.WriteLine($"| {name} | {median:F2} | {samples[0]:F2} | {60_000 / median:N0} |");
        }
    }

    // The process's CPU time; the probe is single-threaded, so this is the calling thread's plus negligible runtime noise.
    private static TimeSpan ThreadCpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
