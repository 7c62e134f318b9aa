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

/// <summary>"x real time": seconds of audio processed per second of one thread's time (audio seconds / mean).</summary>
public sealed class RealTimeColumn : IColumn
{
    public string Id => nameof(RealTimeColumn);

    public string ColumnName => "x real time";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Audio seconds processed per wall-clock second of the benchmarked call";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        MethodInfo method = benchmarkCase.Descriptor.WorkloadMethod;
        var attribute = method.GetCustomAttribute<AudioSecondsAttribute>() ?? method.DeclaringType?.GetCustomAttribute<AudioSecondsAttribute>();
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (attribute is null || meanNs is null or <= 0)
        {
            return "-";
        }

        return (attribute.Seconds / (meanNs.Value * 1e-9)).ToString("N0");
    }
}
