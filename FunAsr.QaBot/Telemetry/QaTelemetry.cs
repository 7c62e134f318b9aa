using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunAsr.QaBot.Telemetry;

/// <summary>The service's span source and instruments, named after the assembly so ServiceDefaults exports them.</summary>
public sealed class QaTelemetry : IDisposable
{
    public const string Name = "FunAsr.QaBot";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;

    public QaTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        LecturesIngested = _meter.CreateCounter<long>("qabot.ingest.lectures", "{lecture}", "Lectures ingested, by source and outcome (stored, duplicate, rejected).");
        IngestDuration = _meter.CreateHistogram<double>("qabot.ingest.duration", "s", "Time to scan, store and index one lecture.");
        Questions = _meter.CreateCounter<long>("qabot.ask.questions", "{question}", "Questions answered, by mode and whether an answer was found.");
        AskDuration = _meter.CreateHistogram<double>("qabot.ask.duration", "s", "Time to answer a question, by mode.");
        RetrievalDuration = _meter.CreateHistogram<double>("qabot.retrieval.duration", "s", "Time to retrieve passages for a question.");
        CitationsDropped = _meter.CreateCounter<long>("qabot.ask.citations_dropped", "{citation}", "Model citations to passages that were not retrieved.");
        ComplianceAlerts = _meter.CreateCounter<long>("qabot.compliance.alerts", "{alert}", "Compliance alerts raised on ingest, by kind.");
        NotesGenerated = _meter.CreateCounter<long>("qabot.notes.generated", "{notes}", "Lecture notes built, by model and cache outcome.");
        LectureEdits = _meter.CreateCounter<long>("qabot.lectures.edits", "{edit}", "Transcript corrections saved (text, times, split, merge, title, visibility).");
        Embeddings = _meter.CreateCounter<long>("qabot.embeddings.sentences", "{sentence}", "Sentence embeddings indexed, by outcome (computed by the model, reused from Redis).");
        ClearTextViews = _meter.CreateCounter<long>("qabot.cleartext.views", "{view}", "Clear texts of redacted lectures shown, by the viewer's role (each one audited).");
        Abstentions = _meter.CreateCounter<long>("qabot.ask.declined", "{question}", "Extractive questions declined as not covered by the material, by language.");
    }

    public Counter<long> LecturesIngested { get; }

    public Counter<long> ClearTextViews { get; }
    public Histogram<double> IngestDuration { get; }
    public Counter<long> Questions { get; }
    public Histogram<double> AskDuration { get; }
    public Histogram<double> RetrievalDuration { get; }
    public Counter<long> CitationsDropped { get; }
    public Counter<long> ComplianceAlerts { get; }
    public Counter<long> NotesGenerated { get; }
    public Counter<long> LectureEdits { get; }
    public Counter<long> Embeddings { get; }
    public Counter<long> Abstentions { get; }

    /// <summary>Registers an observable gauge; the index calls this so operators see its size per replica.</summary>
    public void ObservePassages(Func<int> passages) =>
        _meter.CreateObservableGauge("qabot.index.passages", passages, "{passage}", "Passages in this replica's search index.");

    public void Dispose() => _meter.Dispose();
}
