using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunAsr.Learning.Telemetry;

/// <summary>Spans and metrics of the learning layer (source and meter <c>FunAsr.Learning</c>).</summary>
public sealed class LearningTelemetry
{
    public const string Name = "FunAsr.Learning";
    public static readonly ActivitySource Source = new(Name);

    private long _outboxDepth;

    public LearningTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        LecturesIndexed = meter.CreateCounter<long>("learning.lectures.indexed", description: "Lectures turned into knowledge points, by outcome");
        PrerequisitesSuggested = meter.CreateCounter<long>("learning.prerequisites.suggested", description: "Prerequisite edges suggested for review");
        QuizItemsGenerated = meter.CreateCounter<long>("learning.quiz.items.generated", description: "Quiz items generated, by kind and writer");
        AnswersGraded = meter.CreateCounter<long>("learning.answers.graded", description: "Answers graded, by item kind, mode and result");
        PointsMastered = meter.CreateCounter<long>("learning.points.mastered", description: "Knowledge points that reached mastery");
        StatementsRecorded = meter.CreateCounter<long>("learning.statements.recorded", description: "xAPI statements stored, by verb");
        StatementsForwarded = meter.CreateCounter<long>("learning.lrs.forwarded", description: "Statements the LRS accepted");
        ForwardFailures = meter.CreateCounter<long>("learning.lrs.failures", description: "Failed attempts to forward to the LRS, by reason");
        Transcriptions = meter.CreateCounter<long>("learning.voice.transcriptions", description: "Spoken answers sent to the ASR service, by result");
        FreshnessChecks = meter.CreateCounter<long>("learning.quiz.freshness_checks", description: "Looks at QaBot for a newer lecture revision before a quiz, by outcome (current, newer, unavailable)");
        meter.CreateObservableGauge("learning.lrs.outbox", () => Interlocked.Read(ref _outboxDepth), description: "Statements waiting to be forwarded to the LRS");
    }

    public Counter<long> LecturesIndexed { get; }
    public Counter<long> PrerequisitesSuggested { get; }
    public Counter<long> QuizItemsGenerated { get; }
    public Counter<long> AnswersGraded { get; }
    public Counter<long> PointsMastered { get; }
    public Counter<long> StatementsRecorded { get; }
    public Counter<long> StatementsForwarded { get; }
    public Counter<long> ForwardFailures { get; }
    public Counter<long> Transcriptions { get; }
    public Counter<long> FreshnessChecks { get; }

    public void ReportOutboxDepth(long depth) => Interlocked.Exchange(ref _outboxDepth, depth);
}
