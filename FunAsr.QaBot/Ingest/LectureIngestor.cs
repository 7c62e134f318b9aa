using FunAsr.Text.Scripts;
using System.Diagnostics;
using System.Text.RegularExpressions;
using FunAsr.QaBot.Compliance;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using FunAsr.QaBot.Telemetry;
using FunAsr.Security.Authorization;
using FunAsr.Text.Joining;

namespace FunAsr.QaBot.Ingest;

/// <summary>
/// The one ingest path for the API and the stream: validate, scan for sensitive data, store in Redis (only when the content
/// changed, so re-delivery is harmless) and index on this replica; other replicas pick the change up from Redis.
/// </summary>
public sealed partial class LectureIngestor(
    LectureStore store,
    ComplianceScanner scanner,
    LectureIndexer indexer,
    Learning.LearningEvents learning,
    QaTelemetry telemetry,
    TimeProvider time,
    ILogger<LectureIngestor> logger)
{
    public const int MaxSegments = 20_000;
    public const int MaxTextLength = 2_000_000;
    public const int MaxWordsPerSegment = 5_000;

    public async Task<IngestResult> IngestAsync(CreateLectureRequest draft, string source, CancellationToken cancellationToken)
    {
        using var span = QaTelemetry.Source.StartActivity("qabot.ingest");
        var started = Stopwatch.GetTimestamp();
        var id = string.IsNullOrWhiteSpace(draft.Id) ? Guid.NewGuid().ToString("N") : draft.Id.Trim();
        span?.SetTag("qabot.lecture.id", id);
        span?.SetTag("qabot.ingest.source", source);
        try
        {
            var (title, segments, timesEstimated) = Normalize(id, draft);
            var clear = ClearTextOf(id, draft.ClearSegments);
            var speakers = LectureSpeakers.Normalize(draft.Speakers, segments);
            var language = string.IsNullOrWhiteSpace(draft.Language) || draft.Language == "auto"
                ? TextScript.DetectLanguage(string.Concat(segments.Take(50).Select(s => s.Text)))
                : draft.Language.Trim().ToLowerInvariant();
            var hash = LectureContent.Hash(title, language, segments, speakers);
            var existing = await store.GetAsync(id);
            if (existing is not null && existing.ContentHash == hash)
            {
                return Done(new IngestResult(existing, IngestOutcome.Duplicate));
            }

            // A lecture keeps its owner and sharing when its content arrives again (a job re-published); changing them is an edit.
            var ownership = existing?.Access ?? draft.Ownership ?? Ownership.Shared;
            var audit = scanner.Scan(id, title, segments);
            var lecture = new Lecture(
                id, title, language, segments.Count == 0 ? 0 : segments.Max(s => s.End), existing?.CreatedAt ?? time.GetUtcNow(),
                source, hash, timesEstimated, audit.Alerts.Count, segments)
            {
                Visibility = ownership.Visibility,
                Owner = ownership.Owner,
                OwnerName = ownership.OwnerName,
                Department = ownership.Department,
                Speakers = speakers,
                ClearTextKept = clear is not null,
            };
            if (!await store.TrySaveAsync(lecture, audit, clear))
            {
                // Another replica stored the same content between our read and our write.
                return Done(new IngestResult(await store.GetAsync(id) ?? lecture, IngestOutcome.Duplicate));
            }
            foreach (var alert in audit.Alerts)
            {
                telemetry.ComplianceAlerts.Add(1, new KeyValuePair<string, object?>("kind", alert.Kind));
            }
            await indexer.IndexAsync(lecture, cancellationToken);
            await learning.LectureStoredAsync(lecture);
            logger.LogInformation("Ingested lecture {LectureId} '{Title}' from {Source}: {Segments} segments, {Alerts} compliance alerts",
                id, title, source, segments.Count, audit.Alerts.Count);
            return Done(new IngestResult(lecture, IngestOutcome.Stored));
        }
        catch (LectureValidationException)
        {
            telemetry.LecturesIngested.Add(1, new("source", source), new("outcome", "rejected"));
            throw;
        }

        IngestResult Done(IngestResult result)
        {
            var outcome = result.Outcome == IngestOutcome.Stored ? "stored" : "duplicate";
            span?.SetTag("qabot.ingest.outcome", outcome);
            telemetry.LecturesIngested.Add(1, new("source", source), new("outcome", outcome));
            telemetry.IngestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("source", source));
            return result;
        }
    }

    /// <summary>A redacted transcript's clear text, kept apart from the lecture; its segments' speakers as the lecture's name them.</summary>
    private ClearText? ClearTextOf(string id, IReadOnlyList<SegmentInput>? input)
    {
        if (input is not { Count: > 0 })
        {
            return null;
        }
        if (input.Count > MaxSegments)
        {
            throw new LectureValidationException($"A lecture's clear text may have at most {MaxSegments} segments (got {input.Count}).");
        }
        var segments = input.Where(s => !string.IsNullOrWhiteSpace(s.Text))
            .Select(s => new ClearTextSegment(s.Start, s.End, s.Text!.Trim(), s.Speaker))
            .ToList();
        return segments.Count == 0 ? null : new ClearText(id, TextJoiner.Join(segments.Select(s => s.Text)), segments, time.GetUtcNow());
    }

    private static (string Title, List<TranscriptSegment> Segments, bool TimesEstimated) Normalize(string id, CreateLectureRequest draft)
    {
        if (!LectureId().IsMatch(id))
        {
            throw new LectureValidationException($"Lecture id '{id}' is invalid: use 1-128 letters, digits, '.', '_' or '-'.");
        }
        var title = string.IsNullOrWhiteSpace(draft.Title) ? $"Lecture {id}" : draft.Title.Trim();
        if (draft.Segments is { Count: > 0 } input)
        {
            if (input.Count > MaxSegments)
            {
                throw new LectureValidationException($"A lecture may have at most {MaxSegments} segments (got {input.Count}).");
            }
            var segments = new List<TranscriptSegment>(input.Count);
            foreach (var (segment, index) in input.Select((s, i) => (s, i)))
            {
                if (double.IsNaN(segment.Start) || segment.Start < 0 || double.IsNaN(segment.End) || segment.End < segment.Start)
                {
                    throw new LectureValidationException($"Segment {index} has invalid times (start {segment.Start}, end {segment.End}): need 0 <= start <= end.");
                }
                var text = segment.Text?.Trim();
                if (!string.IsNullOrEmpty(text))
                {
                    segments.Add(new TranscriptSegment(segments.Count, segment.Start, segment.End, text, Words(segment, index))
                    {
                        Speaker = LectureSpeakers.Id(segment.Speaker, $"Segment {index}'s 'speaker'"),
                    });
                }
            }
            if (segments.Count == 0)
            {
                throw new LectureValidationException("Every segment is empty: a lecture needs some text.");
            }
            return (title, segments, false);
        }
        if (string.IsNullOrWhiteSpace(draft.Text))
        {
            throw new LectureValidationException("Give the lecture's 'segments' (with start and end times) or its 'text'.");
        }
        if (draft.Text.Length > MaxTextLength)
        {
            throw new LectureValidationException($"Lecture text is limited to {MaxTextLength} characters (got {draft.Text.Length}).");
        }
        return (title, PassageChunker.SegmentsFromPlainText(draft.Text), true);
    }

    /// <summary>The segment's word times, kept so citations can start at the answering sentence's first word.</summary>
    private static IReadOnlyList<TranscriptWord>? Words(SegmentInput segment, int index)
    {
        if (segment.Words is not { Count: > 0 } words)
        {
            return null;
        }
        if (words.Count > MaxWordsPerSegment)
        {
            throw new LectureValidationException($"Segment {index} has {words.Count} words; at most {MaxWordsPerSegment} are allowed.");
        }
        var kept = new List<TranscriptWord>(words.Count);
        foreach (var word in words)
        {
            if (word is null || double.IsNaN(word.Start) || double.IsNaN(word.End) || word.Start < 0 || word.End < word.Start)
            {
                throw new LectureValidationException($"Segment {index} has a word with invalid times (start {word?.Start}, end {word?.End}): need 0 <= start <= end.");
            }
            if (!string.IsNullOrWhiteSpace(word.Word))
            {
                kept.Add(word with { Word = word.Word.Trim() });
            }
        }
        return kept.Count > 0 ? kept : null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex LectureId();
}
