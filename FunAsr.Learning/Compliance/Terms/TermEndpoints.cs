using FunAsr.Learning.Compliance.Audit;
using FunAsr.Security.Authorization;
using FunAsr.Text.Sensitive;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Learning.Compliance.Terms;

public sealed record ScanRequest(string? Text, string? Redact);

public sealed record ScanResponse(IReadOnlyList<SensitiveFinding> Findings, string? Redacted);

/// <summary><c>/api/compliance/terms</c>: the tenant's list, kept by compliance users (admins); <c>/scan</c> tries a text against it.</summary>
public static class TermEndpoints
{
    public const int MaxScanLength = 100_000;

    public static RouteGroupBuilder MapTermEndpoints(this RouteGroupBuilder compliance)
    {
        var terms = compliance.MapGroup("/terms").RequireRole(Roles.Admin);
        terms.MapGet("/", ListAsync);
        terms.MapGet("/list", SnapshotAsync);
        terms.MapPost("/", AddAsync);
        terms.MapPut("/{id:guid}", UpdateAsync);
        terms.MapDelete("/{id:guid}", DeleteAsync);
        compliance.MapPost("/scan", ScanAsync).RequireRole(Roles.Admin);
        return compliance;
    }

    private static async Task<Ok<IReadOnlyList<ListedTerm>>> ListAsync(TermStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    /// <summary>The list in the detectors' shape, for services that scan text (ETag = its version).</summary>
    private static async Task<Results<Ok<TermListSnapshot>, StatusCodeHttpResult>> SnapshotAsync(TermStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var snapshot = await store.SnapshotAsync(cancellationToken);
        var etag = $"\"{snapshot.Version}\"";
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        context.Response.Headers.ETag = etag;
        return TypedResults.Ok(snapshot);
    }

    private static async Task<Created<ListedTerm>> AddAsync(ListedTermInput input, TermStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var term = await store.AddAsync(input, AuditActor.Of(Caller.From(context.User)!), cancellationToken);
        return TypedResults.Created($"/api/compliance/terms/{term.Id}", term);
    }

    private static async Task<Ok<ListedTerm>> UpdateAsync(Guid id, ListedTermInput input, TermStore store, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.UpdateAsync(id, input, AuditActor.Of(Caller.From(context.User)!), cancellationToken));

    private static async Task<NoContent> DeleteAsync(Guid id, TermStore store, HttpContext context, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(id, AuditActor.Of(Caller.From(context.User)!), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ScanResponse>> ScanAsync(ScanRequest request, TermStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Text) || request.Text.Length > MaxScanLength)
        {
            throw new ComplianceValidationException($"text is required (at most {MaxScanLength} characters).");
        }
        RedactionClasses classes;
        try
        {
            classes = RedactionClassNames.Parse(request.Redact);
        }
        catch (ArgumentException error)
        {
            throw new ComplianceValidationException(error.Message);
        }
        var snapshot = await store.SnapshotAsync(cancellationToken);
        var scanner = SensitiveScanner.CreateDefault(new FixedTermSource(SensitiveTermList.Create(snapshot.Terms)));
        var findings = scanner.Scan(request.Text);
        var redacted = classes == RedactionClasses.None ? null : new SensitiveRedactor(scanner).Redact(request.Text, new RedactionRequest(classes)).Text;
        return TypedResults.Ok(new ScanResponse(findings, redacted));
    }
}
