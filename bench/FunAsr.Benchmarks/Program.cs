using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace FunAsr.Benchmarks;

/// <summary>
/// Runs any benchmark class in this assembly, e.g.
/// <c>dotnet run -c Release --project bench/FunAsr.Benchmarks -- --filter '*Frontend*' --job short</c>.
/// </summary>
public sealed class Program
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Min, new RealTimeColumn(), new RealTimeColumn(fromMinimum: true));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
