using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FunAsr.Benchmarks;

/// <summary>Marks a benchmark (method or class) as processing this many seconds of audio per invocation.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AudioSecondsAttribute(double seconds) : Attribute
{
    public double Seconds { get; } = seconds;
}

/// <summary>
/// "x real time": seconds of audio processed per second of the benchmarked call (audio seconds / mean, or / minimum
/// for the "best" variant, which is the steadier figure on a shared, loaded machine).
/// </summary>
public sealed class RealTimeColumn(bool fromMinimum = false) : IColumn
{
    public string Id => nameof(RealTimeColumn) + (fromMinimum ? ".Min" : ".Mean");

    public string ColumnName => fromMinimum ? "x real time (best)" : "x real time";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => fromMinimum ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => fromMinimum
        ? "Audio seconds processed per wall-clock second, from the fastest iteration"
        : "Audio seconds processed per wall-clock second, from the mean";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        MethodInfo method = benchmarkCase.Descriptor.WorkloadMethod;
        var attribute = method.GetCustomAttribute<AudioSecondsAttribute>() ?? method.DeclaringType?.GetCustomAttribute<AudioSecondsAttribute>();
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        double? ns = fromMinimum ? statistics?.Min : statistics?.Mean;
        if (attribute is null || ns is null or <= 0)
        {
            return "-";
        }

        return (attribute.Seconds / (ns.Value * 1e-9)).ToString("N0");
    }
}
