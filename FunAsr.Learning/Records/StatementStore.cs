using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Records;

/// <summary>The filters of <c>GET /api/learning/statements</c> (xAPI-Communication.md §2.1.3), parsed and checked.</summary>
public sealed record StatementQuery(
    string? ActorKey,
    bool AgentUnknown,
    string? VerbId,
    string? ActivityId,
    Guid? Registration,
    DateTime? Since,
    DateTime? Until,
    int Limit,
    bool Ascending,
    long? After,
    Guid? StatementId,
    Guid? VoidedStatementId);

public sealed record StatementPage(IReadOnlyList<JsonNode> Statements, long? NextCursor);

/// <summary>
/// The append-only statement store: <see cref="Add"/> stages statements in the caller's unit of work (with an outbox entry
/// when an LRS is configured, so forwarding survives any crash after the commit); a correction is <see cref="VoidAsync"/>,
/// which appends a <c>voided</c> statement. Queries leave voided statements out, as an LRS does.
/// </summary>
public sealed class StatementStore(LearningDbContext db, StatementFactory factory, IOptions<LearningOptions> options, TimeProvider time, LearningTelemetry telemetry)
{
    public const int MaxLimit = 500;
    public const int DefaultLimit = 100;

    public StoredStatement Add(JsonObject statement)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var id = Guid.Parse(statement["id"]!.GetValue<string>());
        var target = statement["object"]!.AsObject();
        var voids = target["objectType"]?.GetValue<string>() == "StatementRef" ? Guid.Parse(target["id"]!.GetValue<string>()) : (Guid?)null;
        var registration = statement["context"]?["registration"]?.GetValue<string>();
        var stored = new StoredStatement
        {
            Id = id,
            ActorKey = statement["actor"]?["account"]?["name"]?.GetValue<string>() ?? "",
            VerbId = statement["verb"]!["id"]!.GetValue<string>(),
            ActivityId = target["id"]!.GetValue<string>(),
            VoidedStatementId = voids,
            Registration = registration is null ? null : Guid.Parse(registration),
            Timestamp = DateTime.Parse(statement["timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            Stored = now,
            Json = statement.ToJsonString(),
        };
        db.Statements.Add(stored);
        if (options.Value.Lrs.Enabled)
        {
            db.Outbox.Add(new OutboxEntry { StatementId = id, NextAttemptAt = now, Statement = stored });
        }
        telemetry.StatementsRecorded.Add(1, new KeyValuePair<string, object?>("verb", stored.VerbId[(stored.VerbId.LastIndexOf('/') + 1)..]));
        return stored;
    }

    /// <summary>Stores statements whose ids may already be stored (redelivered events): those are skipped.</summary>
    public async Task<int> AddNewAsync(IReadOnlyList<JsonObject> statements, CancellationToken cancellationToken)
    {
        var ids = statements.Select(s => Guid.Parse(s["id"]!.GetValue<string>())).ToList();
        var known = (await db.Statements.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var added = 0;
        foreach (var statement in statements.Where(s => !known.Contains(Guid.Parse(s["id"]!.GetValue<string>()))))
        {
            Add(statement);
            added++;
        }
        return added;
    }

    /// <summary>Appends a <c>voided</c> statement for <paramref name="id"/> by <paramref name="actor"/>; the original stays stored, out of queries.</summary>
    public async Task<JsonObject> VoidAsync(Guid id, JsonObject actor, CancellationToken cancellationToken)
    {
        var target = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
                     ?? throw new NotFoundException("statement_not_found", $"No statement with id '{id}'.");
        if (target.VoidedStatementId is not null)
        {
            throw new InvalidInputException("cannot_void_voiding", "A voiding statement cannot itself be voided (xAPI-Data.md §2.3.2).");
        }
        if (await db.Statements.AnyAsync(s => s.VoidedStatementId == id, cancellationToken))
        {
            throw new ConflictException("already_voided", $"Statement '{id}' is already voided.");
        }
        var voiding = factory.Statement(Guid.NewGuid(), actor, Verbs.Voided, new JsonObject { ["objectType"] = "StatementRef", ["id"] = id.ToString() });
        Add(voiding);
        await db.SaveChangesAsync(cancellationToken);
        return voiding;
    }

    public async Task<StatementPage> QueryAsync(StatementQuery query, CancellationToken cancellationToken)
    {
        if (query.AgentUnknown)
        {
            return new StatementPage([], null);
        }
        var statements = db.Statements.AsNoTracking();
        if (query.StatementId is { } single)
        {
            statements = statements.Where(s => s.Id == single && !db.Statements.Any(v => v.VoidedStatementId == s.Id));
        }
        else if (query.VoidedStatementId is { } voided)
        {
            statements = statements.Where(s => s.Id == voided && db.Statements.Any(v => v.VoidedStatementId == s.Id));
        }
        else
        {
            statements = statements.Where(s => !db.Statements.Any(v => v.VoidedStatementId == s.Id));
        }
        if (query.ActorKey is { } actor)
        {
            statements = statements.Where(s => s.ActorKey == actor);
        }
        if (query.VerbId is { } verb)
        {
            statements = statements.Where(s => s.VerbId == verb);
        }
        if (query.ActivityId is { } activity)
        {
            statements = statements.Where(s => s.ActivityId == activity);
        }
        if (query.Registration is { } registration)
        {
            statements = statements.Where(s => s.Registration == registration);
        }
        if (query.Since is { } since)
        {
            statements = statements.Where(s => s.Stored > since);
        }
        if (query.Until is { } until)
        {
            statements = statements.Where(s => s.Stored <= until);
        }
        if (query.After is { } after)
        {
            statements = query.Ascending ? statements.Where(s => s.Sequence > after) : statements.Where(s => s.Sequence < after);
        }
        statements = query.Ascending ? statements.OrderBy(s => s.Sequence) : statements.OrderByDescending(s => s.Sequence);
        var rows = await statements.Take(query.Limit + 1).Select(s => new { s.Sequence, s.Json, s.Stored }).ToListAsync(cancellationToken);
        var page = rows.Take(query.Limit).Select(r =>
        {
            var node = JsonNode.Parse(r.Json)!;
            node["stored"] = r.Stored.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
            node["version"] = "1.0.3";
            return node;
        }).ToList();
        return new StatementPage(page, rows.Count > query.Limit ? rows[query.Limit - 1].Sequence : null);
    }

    /// <summary>Parses the xAPI query parameters; <paramref name="agentJson"/> is an Agent object as JSON.</summary>
    public StatementQuery ParseQuery(string? agentJson, string? verb, string? activity, string? registration, string? since, string? until,
        int? limit, bool? ascending, string? more, string? statementId, string? voidedStatementId)
    {
        string? actorKey = null;
        var agentUnknown = false;
        if (!string.IsNullOrWhiteSpace(agentJson))
        {
            try
            {
                var agent = JsonNode.Parse(agentJson)?.AsObject() ?? throw new JsonException();
                var account = agent["account"]?.AsObject();
                actorKey = account?["name"]?.GetValue<string>();
                // Only this platform's accounts are stored: any other identifier (mbox, another home page) matches nothing.
                agentUnknown = actorKey is null || account?["homePage"]?.GetValue<string>() != options.Value.Xapi.HomePage;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw new InvalidInputException("invalid_agent", "The 'agent' parameter must be an xAPI Agent as JSON, e.g. {\"objectType\":\"Agent\",\"account\":{\"homePage\":\"…\",\"name\":\"…\"}}.");
            }
        }
        if (limit is < 0)
        {
            throw new InvalidInputException("invalid_limit", "'limit' must be 0 (the server's maximum) or more.");
        }
        long? after = null;
        if (!string.IsNullOrEmpty(more))
        {
            after = long.TryParse(more, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor)
                ? cursor
                : throw new InvalidInputException("invalid_more", "'more' must be the value a previous page returned.");
        }
        return new StatementQuery(actorKey, agentUnknown, NullIfEmpty(verb), NullIfEmpty(activity), ParseGuid(registration, "registration"),
            ParseTime(since, "since"), ParseTime(until, "until"), limit is null ? DefaultLimit : limit == 0 ? MaxLimit : Math.Min(limit.Value, MaxLimit),
            ascending ?? false, after, ParseGuid(statementId, "statementId"), ParseGuid(voidedStatementId, "voidedStatementId"));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Guid? ParseGuid(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Guid.TryParse(value, out var id) ? id
        : throw new InvalidInputException($"invalid_{name}", $"'{name}' must be a UUID.");

    private static DateTime? ParseTime(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime
        : throw new InvalidInputException($"invalid_{name}", $"'{name}' must be an ISO 8601 timestamp.");
}
