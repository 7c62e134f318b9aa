using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace FunAsr.Benchmarks;

/// <summary>
/// Runs any benchmark class in this assembly, e.g.
/// <c>dotnet run -c Release --project bench/FunAsr.Benchmarks -- --filter '*Frontend*' --job short</c>;
/// <c>-- --cpu-time</c> prints the front end's CPU time per call instead (see <see cref="CpuTimeProbe"/>).
/// </summary>
public sealed class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--cpu-time"])
        {
            CpuTimeProbe.Run();
            return;
        }

        var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Min, new RealTimeColumn(), new RealTimeColumn(fromMinimum: true));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
