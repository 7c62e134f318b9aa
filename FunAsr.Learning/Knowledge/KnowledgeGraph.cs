using System.Text.Json;
using FunAsr.Learning.Data;
using FunAsr.Learning.Errors;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Knowledge;

public sealed record GraphNode(int Id, string Label, string Language, int Lectures, string? Definition, double? Known, bool Mastered);

/// <summary>An edge: <c>prerequisite</c> (source before target; suggested or confirmed) or <c>related</c> (said together, weight = sentences).</summary>
public sealed record GraphEdge(string Id, int Source, int Target, string Kind, string? Status, double Weight);

public sealed record KnowledgeGraphView(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);

public sealed record TeachingMoment(int Sentence, string Text, double Start, double End);

public sealed record TaughtIn(string LectureId, string Title, string Label, TeachingMoment? Definition, string? DefinitionKind, IReadOnlyList<TeachingMoment> Mentions);

public sealed record PointDetail(int Id, string Label, string Language, string? Definition, IReadOnlyList<TaughtIn> TaughtIn,
    IReadOnlyList<PointRefView> Prerequisites, IReadOnlyList<PointRefView> Unlocks);

public sealed record PointRefView(int Id, string Label, string Status, int? EdgeId);

public sealed record EdgeDecision(string? Decision);

public sealed record NewPrerequisite(int PrerequisiteId, int PointId);

public sealed record EdgeView(int Id, int PrerequisiteId, string Prerequisite, int PointId, string Point, string Status, double Evidence, string? DecidedBy, DateTime? DecidedAt);

/// <summary>The knowledge graph as the page draws it, where a concept is taught, and content users' decisions on prerequisites.</summary>
public sealed class KnowledgeGraph(LearningDbContext db, TimeProvider time)
{
    private const int RelatedPerNode = 3;
    private const int MaxMentions = 5;

    public async Task<KnowledgeGraphView> GraphAsync(Caller caller, string? lectureId, bool includeRejected, CancellationToken cancellationToken)
    {
        var query = db.KnowledgePoints.Include(p => p.Sources).Where(p => p.Sources.Count > 0);
        if (!string.IsNullOrEmpty(lectureId))
        {
            query = query.Where(p => p.Sources.Any(s => s.LectureId == lectureId));
        }
        var points = await query.AsNoTracking().ToListAsync(cancellationToken);
        var ids = points.Select(p => p.Id).ToHashSet();
        var states = await db.MasteryStates.Where(m => m.UserId == caller.Subject).AsNoTracking().ToDictionaryAsync(m => m.KnowledgePointId, cancellationToken);
        var nodes = points.Select(p => new GraphNode(p.Id, p.Label, p.Language, p.Sources.Select(s => s.LectureId).Distinct().Count(), p.Definition,
            states.TryGetValue(p.Id, out var s) ? Math.Round(s.Known, 4) : null, s?.Mastered == true)).ToList();

        var edges = new List<GraphEdge>();
        var prerequisites = await db.PrerequisiteEdges
            .Where(e => includeRejected && caller.IsAtLeast(Roles.Content) || e.Status != EdgeStatus.Rejected)
            .AsNoTracking().ToListAsync(cancellationToken);
        edges.AddRange(prerequisites.Where(e => ids.Contains(e.PrerequisiteId) && ids.Contains(e.PointId))
            .Select(e => new GraphEdge($"p{e.Id}", e.PrerequisiteId, e.PointId, "prerequisite", Lower(e.Status), e.Evidence)));

        // Related: concepts said in the same sentences of a lecture, each node's strongest few.
        var linked = prerequisites.SelectMany(e => new[] { (e.PrerequisiteId, e.PointId), (e.PointId, e.PrerequisiteId) }).ToHashSet();
        var mentions = points.ToDictionary(p => p.Id, p => p.Sources
            .SelectMany(s => (JsonSerializer.Deserialize<int[]>(s.Sentences) ?? []).Select(i => (s.LectureId, i))).ToHashSet());
        var related = new Dictionary<(int, int), int>();
        foreach (var a in points)
        {
            foreach (var (b, weight) in points.Where(b => b.Id != a.Id && !linked.Contains((a.Id, b.Id)))
                         .Select(b => (b.Id, mentions[a.Id].Count(mentions[b.Id].Contains)))
                         .Where(x => x.Item2 > 0).OrderByDescending(x => x.Item2).Take(RelatedPerNode))
            {
                related[(Math.Min(a.Id, b), Math.Max(a.Id, b))] = weight;
            }
        }
        edges.AddRange(related.Select(r => new GraphEdge($"r{r.Key.Item1}-{r.Key.Item2}", r.Key.Item1, r.Key.Item2, "related", null, r.Value)));
        return new KnowledgeGraphView(nodes, edges);
    }

    public async Task<PointDetail> PointAsync(int id, CancellationToken cancellationToken)
    {
        var point = await db.KnowledgePoints.Include(p => p.Sources).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
                    ?? throw new NotFoundException("point_not_found", $"No knowledge point {id}.");
        var lectureIds = point.Sources.Select(s => s.LectureId).ToList();
        var titles = await db.Lectures.Where(l => lectureIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Title, cancellationToken);
        var taught = new List<TaughtIn>();
        foreach (var source in point.Sources.OrderBy(s => titles.GetValueOrDefault(s.LectureId)))
        {
            var indexes = (JsonSerializer.Deserialize<int[]>(source.Sentences) ?? []).Take(MaxMentions).ToList();
            if (source.DefinitionSentence is { } d && !indexes.Contains(d))
            {
                indexes.Add(d);
            }
            var rows = await db.LectureSentences.Where(s => s.LectureId == source.LectureId && indexes.Contains(s.Index)).AsNoTracking()
                .ToDictionaryAsync(s => s.Index, s => new TeachingMoment(s.Index, s.Text, s.Start, s.End), cancellationToken);
            taught.Add(new TaughtIn(source.LectureId, titles.GetValueOrDefault(source.LectureId) ?? source.LectureId, source.Label,
                source.DefinitionSentence is { } def ? rows.GetValueOrDefault(def) : null, source.DefinitionKind,
                indexes.Where(i => i != source.DefinitionSentence || indexes.Count == 1).Select(i => rows.GetValueOrDefault(i)).OfType<TeachingMoment>().OrderBy(m => m.Sentence).ToList()));
        }
        var edges = await db.PrerequisiteEdges.Where(e => (e.PointId == id || e.PrerequisiteId == id) && e.Status != EdgeStatus.Rejected).AsNoTracking().ToListAsync(cancellationToken);
        var otherIds = edges.Select(e => e.PointId == id ? e.PrerequisiteId : e.PointId).ToList();
        var labels = await db.KnowledgePoints.Where(p => otherIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Label, cancellationToken);
        return new PointDetail(point.Id, point.Label, point.Language, point.Definition, taught,
            edges.Where(e => e.PointId == id).Select(e => new PointRefView(e.PrerequisiteId, labels.GetValueOrDefault(e.PrerequisiteId) ?? "", Lower(e.Status), e.Id)).ToList(),
            edges.Where(e => e.PrerequisiteId == id).Select(e => new PointRefView(e.PointId, labels.GetValueOrDefault(e.PointId) ?? "", Lower(e.Status), e.Id)).ToList());
    }

    public async Task<IReadOnlyList<EdgeView>> EdgesAsync(string? status, CancellationToken cancellationToken)
    {
        var edges = db.PrerequisiteEdges.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            var wanted = Enum.TryParse<EdgeStatus>(status, ignoreCase: true, out var s) ? s
                : throw new InvalidInputException("invalid_status", "'status' is suggested, confirmed or rejected.");
            edges = edges.Where(e => e.Status == wanted);
        }
        var rows = await edges.OrderByDescending(e => e.Evidence).ToListAsync(cancellationToken);
        var ids = rows.SelectMany(e => new[] { e.PointId, e.PrerequisiteId }).Distinct().ToList();
        var labels = await db.KnowledgePoints.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Label, cancellationToken);
        return rows.Select(e => View(e, labels)).ToList();
    }

    /// <summary>A content user confirms or rejects a suggested (or earlier decided) prerequisite.</summary>
    public async Task<EdgeView> DecideAsync(int edgeId, EdgeDecision decision, Caller caller, CancellationToken cancellationToken)
    {
        var edge = await db.PrerequisiteEdges.FirstOrDefaultAsync(e => e.Id == edgeId, cancellationToken)
                   ?? throw new NotFoundException("edge_not_found", $"No prerequisite edge {edgeId}.");
        var status = decision.Decision?.ToLowerInvariant() switch
        {
            "confirm" or "confirmed" => EdgeStatus.Confirmed,
            "reject" or "rejected" => EdgeStatus.Rejected,
            _ => throw new InvalidInputException("invalid_decision", "'decision' is confirm or reject."),
        };
        if (status == EdgeStatus.Confirmed && await CreatesCycleAsync(edge.PrerequisiteId, edge.PointId, edge.Id, cancellationToken))
        {
            throw new ConflictException("prerequisite_cycle", "Confirming this edge would make the points each other's prerequisites.");
        }
        edge.Status = status;
        edge.DecidedBy = caller.Subject;
        edge.DecidedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(edge, cancellationToken);
    }

    /// <summary>A prerequisite a content user adds by hand: confirmed at once.</summary>
    public async Task<EdgeView> AddAsync(NewPrerequisite request, Caller caller, CancellationToken cancellationToken)
    {
        if (request.PrerequisiteId == request.PointId)
        {
            throw new InvalidInputException("self_prerequisite", "A point cannot be its own prerequisite.");
        }
        var count = await db.KnowledgePoints.CountAsync(p => p.Id == request.PrerequisiteId || p.Id == request.PointId, cancellationToken);
        if (count != 2)
        {
            throw new NotFoundException("point_not_found", "Both knowledge points must exist.");
        }
        var edge = await db.PrerequisiteEdges.FirstOrDefaultAsync(e =>
            (e.PrerequisiteId == request.PrerequisiteId && e.PointId == request.PointId) || (e.PrerequisiteId == request.PointId && e.PointId == request.PrerequisiteId), cancellationToken);
        if (edge is not null && edge.PrerequisiteId != request.PrerequisiteId)
        {
            if (edge.Status != EdgeStatus.Rejected)
            {
                throw new ConflictException("reverse_edge", "The reverse prerequisite exists; reject it first.");
            }
            db.PrerequisiteEdges.Remove(edge);
            edge = null;
        }
        if (await CreatesCycleAsync(request.PrerequisiteId, request.PointId, edge?.Id, cancellationToken))
        {
            throw new ConflictException("prerequisite_cycle", "This edge would make the points each other's prerequisites.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (edge is null)
        {
            edge = new PrerequisiteEdge { PrerequisiteId = request.PrerequisiteId, PointId = request.PointId, SuggestedAt = now };
            db.PrerequisiteEdges.Add(edge);
        }
        edge.Status = EdgeStatus.Confirmed;
        edge.DecidedBy = caller.Subject;
        edge.DecidedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(edge, cancellationToken);
    }

    /// <summary>Whether confirmed edges already lead from <paramref name="point"/> back to <paramref name="prerequisite"/>.</summary>
    private async Task<bool> CreatesCycleAsync(int prerequisite, int point, int? ignore, CancellationToken cancellationToken)
    {
        var confirmed = await db.PrerequisiteEdges.Where(e => e.Status == EdgeStatus.Confirmed && e.Id != ignore)
            .Select(e => new { e.PrerequisiteId, e.PointId }).ToListAsync(cancellationToken);
        var next = confirmed.GroupBy(e => e.PrerequisiteId).ToDictionary(g => g.Key, g => g.Select(e => e.PointId).ToList());
        var seen = new HashSet<int>();
        var stack = new Stack<int>([point]);
        while (stack.TryPop(out var current))
        {
            if (current == prerequisite)
            {
                return true;
            }
            if (seen.Add(current) && next.TryGetValue(current, out var after))
            {
                after.ForEach(stack.Push);
            }
        }
        return false;
    }

    private async Task<EdgeView> ViewAsync(PrerequisiteEdge edge, CancellationToken cancellationToken)
    {
        var labels = await db.KnowledgePoints.Where(p => p.Id == edge.PointId || p.Id == edge.PrerequisiteId).ToDictionaryAsync(p => p.Id, p => p.Label, cancellationToken);
        return View(edge, labels);
    }

    private static EdgeView View(PrerequisiteEdge e, Dictionary<int, string> labels) =>
        new(e.Id, e.PrerequisiteId, labels.GetValueOrDefault(e.PrerequisiteId) ?? "", e.PointId, labels.GetValueOrDefault(e.PointId) ?? "", Lower(e.Status), e.Evidence, e.DecidedBy, e.DecidedAt);

    private static string Lower(EdgeStatus status) => status.ToString().ToLowerInvariant();
}
