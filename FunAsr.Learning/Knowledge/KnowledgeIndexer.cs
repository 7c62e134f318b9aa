using System.Text.Json;
using F23.StringSimilarity;
using FunAsr.Learning.Data;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Telemetry;
using FunAsr.Text.Concepts;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Knowledge;

/// <summary>What indexing a lecture did.</summary>
public enum IndexOutcome
{
    Indexed,
    Unchanged,
    Stale,
}

public sealed record IndexResult(IndexOutcome Outcome, int Concepts, int NewPoints);

/// <summary>
/// Turns a lecture into knowledge points: the shared concept extractor (key phrases and their defining sentences) over its
/// sentences, against the rest of the library's candidate keys; each concept joins the library's point with the same key
/// (or a near-identical key, Jaro-Winkler ≥ <see cref="MergeSimilarity"/>, in the same language) or becomes a new one; then
/// prerequisite suggestions are refreshed. A re-published lecture replaces its own sources; an older version is ignored.
/// </summary>
public sealed class KnowledgeIndexer(
    LearningDbContext db,
    PrerequisiteSuggester suggester,
    LearningTelemetry telemetry,
    TimeProvider time,
    ILogger<KnowledgeIndexer> logger)
{
    public const double MergeSimilarity = 0.92;
    private const int MaxCandidateKeys = 200;
    // Finer than a notes glossary: a knowledge point for every concept a lecture teaches, not just the few a summary needs.
    private static readonly ConceptExtractor Extractor = new(new ConceptOptions { SentencesPerConcept = 3, MaxConcepts = 30 });
    private static readonly JaroWinkler Similarity = new();

    // One lecture at a time in this process; other replicas are kept apart by the unique keys (the loser retries).
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<IndexResult> IndexAsync(LectureContent content, CancellationToken cancellationToken)
    {
        using var span = LearningTelemetry.Source.StartActivity("learning.knowledge.index");
        span?.SetTag("lecture.id", content.Id);
        span?.SetTag("lecture.revision", content.Revision);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var result = await IndexLockedAsync(content, cancellationToken);
            span?.SetTag("learning.concepts", result.Concepts);
            span?.SetTag("learning.outcome", result.Outcome.ToString());
            telemetry.LecturesIndexed.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.ToString().ToLowerInvariant()));
            return result;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task<bool> RemoveAsync(string lectureId, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var lecture = await db.Lectures.FirstOrDefaultAsync(l => l.Id == lectureId, cancellationToken);
            if (lecture is null)
            {
                return false;
            }
            // All or nothing: the graph never shows a lecture without its concepts.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.KnowledgeSources.Where(s => s.LectureId == lectureId).ExecuteDeleteAsync(cancellationToken);
            await db.LectureSentences.Where(s => s.LectureId == lectureId).ExecuteDeleteAsync(cancellationToken);
            db.Lectures.Remove(lecture);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Lecture {LectureId} left the knowledge graph", lectureId);
            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<IndexResult> IndexLockedAsync(LectureContent content, CancellationToken cancellationToken)
    {
        var lecture = await db.Lectures.FirstOrDefaultAsync(l => l.Id == content.Id, cancellationToken);
        if (lecture is not null && lecture.Revision > content.Revision)
        {
            return new IndexResult(IndexOutcome.Stale, 0, 0);
        }
        if (lecture is not null && lecture.Title == content.Title && await SameSentencesAsync(content, cancellationToken))
        {
            lecture.Revision = content.Revision;
            await db.SaveChangesAsync(cancellationToken);
            return new IndexResult(IndexOutcome.Unchanged, 0, 0);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        var texts = content.Sentences.Select(s => s.Text).ToList();
        var candidateKeys = ConceptExtractor.CandidateKeys(texts, content.Language, MaxCandidateKeys);
        if (lecture is null)
        {
            var order = await db.Lectures.MaxAsync(l => (long?)l.Order, cancellationToken) ?? 0;
            lecture = new LearningLecture { Id = content.Id, Title = content.Title, Language = content.Language, Order = order + 1 };
            db.Lectures.Add(lecture);
        }
        else
        {
            await db.LectureSentences.Where(s => s.LectureId == content.Id).ExecuteDeleteAsync(cancellationToken);
        }
        lecture.Title = content.Title;
        lecture.Language = content.Language;
        lecture.Duration = content.Duration;
        lecture.Revision = content.Revision;
        lecture.IndexedAt = now;
        lecture.CandidateKeys = JsonSerializer.Serialize(candidateKeys);
        db.LectureSentences.AddRange(content.Sentences.Select(s => new LectureSentence
        {
            LectureId = content.Id, Index = s.Index, Text = s.Text, Start = s.Start, End = s.End,
        }));

        var others = (await db.Lectures.Where(l => l.Id != content.Id).Select(l => l.CandidateKeys).ToListAsync(cancellationToken))
            .Select(keys => (IReadOnlyCollection<string>)(JsonSerializer.Deserialize<string[]>(keys) ?? []))
            .ToList();
        var concepts = Extractor.Extract(
            content.Sentences.Select(s => new ConceptSentence(s.Index, s.Text, s.Start, s.End)).ToList(),
            content.Language, new LibraryBackground(others));

        await db.KnowledgeSources.Where(s => s.LectureId == content.Id).ExecuteDeleteAsync(cancellationToken);
        var points = await db.KnowledgePoints.Where(p => p.Language == content.Language).ToListAsync(cancellationToken);
        var created = 0;
        foreach (var concept in concepts.Concepts)
        {
            var point = points.FirstOrDefault(p => p.Key == concept.Key) ?? points
                .Where(p => p.Key.Length >= 5 && concept.Key.Length >= 5)
                .Select(p => (Point: p, Score: Similarity.Similarity(p.Key, concept.Key)))
                .Where(p => p.Score >= MergeSimilarity)
                .OrderByDescending(p => p.Score)
                .Select(p => p.Point)
                .FirstOrDefault();
            if (point is null)
            {
                point = new KnowledgePoint { Key = concept.Key, Label = concept.Label, Language = content.Language, CreatedAt = now };
                db.KnowledgePoints.Add(point);
                points.Add(point);
                created++;
            }
            if (point.Sources.Any(s => s.LectureId == content.Id))
            {
                // Two of the lecture's concepts merged into one point (near-identical keys): the better-ranked one teaches it.
                continue;
            }
            if (concept.Definition is { } definition && (point.Definition is null || definition.Kind == DefinitionKind.Defines))
            {
                point.Definition = definition.Text;
            }
            point.Sources.Add(new KnowledgeSource
            {
                LectureId = content.Id,
                Label = concept.Label,
                Score = concept.Score,
                Sentences = JsonSerializer.Serialize(concept.Sentences),
                FirstSentence = concept.FirstSentence,
                DefinitionSentence = concept.Definition?.Sentence,
                DefinitionKind = concept.Definition?.Kind.ToString().ToLowerInvariant(),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Lecture {LectureId} r{Revision}: {Concepts} concepts, {New} new knowledge points",
            content.Id, content.Revision, concepts.Concepts.Count, created);
        await suggester.RefreshAsync(content.Language, cancellationToken);
        return new IndexResult(IndexOutcome.Indexed, concepts.Concepts.Count, created);
    }

    private async Task<bool> SameSentencesAsync(LectureContent content, CancellationToken cancellationToken)
    {
        var stored = await db.LectureSentences.Where(s => s.LectureId == content.Id).OrderBy(s => s.Index)
            .Select(s => new { s.Text, s.Start }).ToListAsync(cancellationToken);
        return stored.Count == content.Sentences.Count
               && stored.Zip(content.Sentences).All(p => p.First.Text == p.Second.Text && p.First.Start.Equals(p.Second.Start));
    }
}
