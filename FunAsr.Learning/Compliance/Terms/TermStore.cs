using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Text.Sensitive;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Terms;

/// <summary>A listed term as the API shows it.</summary>
public sealed record ListedTerm(Guid Id, string Term, string Kind, IReadOnlyList<string> Aliases, string? Note, string UpdatedBy, DateTime UpdatedAt);

public sealed record ListedTermInput(string? Term, string? Kind, IReadOnlyList<string>? Aliases, string? Note);

/// <summary>The tenant's list as detectors consume it, with a version that changes whenever the list does.</summary>
public sealed record TermListSnapshot(string Version, IReadOnlyList<SensitiveTerm> Terms);

/// <summary>
/// The tenant's customers, project code words and phrases, kept by compliance users. Every change is checked by
/// building the detectors' list from the result (a form too short, or claimed by two terms, is refused) and recorded
/// in the audit trail.
/// </summary>
public sealed class TermStore(ComplianceDbContext db, AuditTrail trail)
{
    public async Task<IReadOnlyList<ListedTerm>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Terms.AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Term).ToListAsync(cancellationToken)).Select(ToApi).ToList();

    public async Task<TermListSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Terms.AsNoTracking().OrderBy(t => t.Term).ToListAsync(cancellationToken);
        var version = rows.Count == 0 ? "0" : $"{rows.Count}-{rows.Max(r => r.UpdatedAt).Ticks}";
        return new TermListSnapshot(version, rows.Select(ToDetector).ToList());
    }

    public Task<ListedTerm> AddAsync(ListedTermInput input, AuditActor actor, CancellationToken cancellationToken) =>
        trail.WriteAsync(db, async batch =>
        {
            var row = new ListedTermRow { Id = Guid.NewGuid(), Term = "", Kind = "", UpdatedBy = actor.Id };
            Apply(row, input, actor, batch.Now);
            await CheckAsync(extra: row, cancellationToken);
            db.Terms.Add(row);
            batch.Record(AuditKinds.TermsChanged, actor, row.Id.ToString(), new { change = "added", term = row.Term, kind = row.Kind, aliases = Aliases(row) });
            return ToApi(row);
        }, cancellationToken);

    public Task<ListedTerm> UpdateAsync(Guid id, ListedTermInput input, AuditActor actor, CancellationToken cancellationToken) =>
        trail.WriteAsync(db, async batch =>
        {
            var row = await db.Terms.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new ComplianceNotFoundException($"Term {id}");
            Apply(row, input, actor, batch.Now);
            await CheckAsync(extra: row, cancellationToken);
            batch.Record(AuditKinds.TermsChanged, actor, row.Id.ToString(), new { change = "changed", term = row.Term, kind = row.Kind, aliases = Aliases(row) });
            return ToApi(row);
        }, cancellationToken);

    public Task DeleteAsync(Guid id, AuditActor actor, CancellationToken cancellationToken) =>
        trail.WriteAsync(db, async batch =>
        {
            var row = await db.Terms.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new ComplianceNotFoundException($"Term {id}");
            db.Terms.Remove(row);
            batch.Record(AuditKinds.TermsChanged, actor, row.Id.ToString(), new { change = "removed", term = row.Term, kind = row.Kind });
        }, cancellationToken);

    private async Task CheckAsync(ListedTermRow extra, CancellationToken cancellationToken)
    {
        var others = await db.Terms.AsNoTracking().Where(t => t.Id != extra.Id).ToListAsync(cancellationToken);
        try
        {
            SensitiveTermList.Create(others.Append(extra).Select(ToDetector));
        }
        catch (ArgumentException error)
        {
            throw new ComplianceValidationException(error.Message);
        }
    }

    private static void Apply(ListedTermRow row, ListedTermInput input, AuditActor actor, DateTime now)
    {
        var kind = input.Kind?.Trim() ?? "";
        if (!SensitiveTerm.Kinds.Contains(kind))
        {
            throw new ComplianceValidationException($"kind must be one of {string.Join(", ", SensitiveTerm.Kinds)}.");
        }
        if (string.IsNullOrWhiteSpace(input.Term))
        {
            throw new ComplianceValidationException("term is required.");
        }
        if (input.Aliases is { Count: > 20 })
        {
            throw new ComplianceValidationException("A term may have at most 20 aliases.");
        }
        if (input.Note is { Length: > 500 })
        {
            throw new ComplianceValidationException("note is limited to 500 characters.");
        }
        row.Term = string.Join(' ', input.Term.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        row.Kind = kind;
        row.Aliases = string.Join('\n', (input.Aliases ?? []).Select(a => a?.Trim() ?? "").Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
        row.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        row.UpdatedBy = actor.Id;
        row.UpdatedAt = now;
    }

    private static string[] Aliases(ListedTermRow row) => row.Aliases.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static SensitiveTerm ToDetector(ListedTermRow row) => new(row.Term, row.Kind, Aliases(row));

    private static ListedTerm ToApi(ListedTermRow row) => new(row.Id, row.Term, row.Kind, Aliases(row), row.Note, row.UpdatedBy, row.UpdatedAt);
}
