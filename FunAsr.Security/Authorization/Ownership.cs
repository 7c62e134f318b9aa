namespace FunAsr.Security.Authorization;

/// <summary>
/// Whose a lecture, recording or job is and whom it is shared with — the one rule every service applies: admins see
/// everything; anyone sees what is shared with everyone, with their department, or is their own; content users (and
/// admins) manage what they see, employees manage nothing.
/// </summary>
/// <param name="Owner">The owner's stable id (<see cref="Caller.Subject"/>); null for items that predate owners (they keep the sharing they have).</param>
/// <param name="Department">The department a <see cref="Visibility.Department"/> item is shared with.</param>
public sealed record Ownership(string? Owner, string? OwnerName, string Visibility, string? Department)
{
    public static Ownership Shared => new(null, null, Authorization.Visibility.Everyone, null);

    /// <summary>Owned by <paramref name="caller"/>, shared as <paramref name="visibility"/>; a department share defaults to the caller's own.</summary>
    public static Ownership Of(Caller caller, string visibility, string? department = null) => new(
        caller.Subject, caller.Name, visibility,
        visibility == Authorization.Visibility.Department ? Normalise(department) ?? Normalise(caller.Department) : null);

    public bool IsOwnedBy(Caller caller) => Owner is not null && string.Equals(Owner, caller.Subject, StringComparison.Ordinal);

    public bool CanRead(Caller caller) => caller.IsAdmin || IsOwnedBy(caller) || Visibility switch
    {
        Authorization.Visibility.Everyone => true,
        Authorization.Visibility.Department => Department is not null && string.Equals(Department, Normalise(caller.Department), StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public bool CanManage(Caller caller) => caller.IsAdmin || (caller.IsAtLeast(Roles.Content) && CanRead(caller));

    /// <summary>Why this sharing cannot be stored, or null: a department share needs a department.</summary>
    public string? Problem() => Visibility == Authorization.Visibility.Department && Department is null
        ? "A lecture shared with a department needs 'department' (you have none in your account to default to)."
        : null;

    private static string? Normalise(string? department) => string.IsNullOrWhiteSpace(department) ? null : department.Trim();
}
