namespace FunAsr.Data.Accounts;

/// <summary>One security event. Rows are only ever inserted: the database refuses UPDATE and DELETE on the table.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>One of <see cref="AuditKinds"/>.</summary>
    public required string Kind { get; set; }

    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    /// <summary>What the event is about: an account, a key id, a lecture id.</summary>
    public string? Subject { get; set; }

    public string? ClientAddress { get; set; }

    public string? RequestId { get; set; }

    public string? Detail { get; set; }
}

/// <summary>The kinds of event the trail records.</summary>
public static class AuditKinds
{
    public const string SignIn = "sign_in";
    public const string SignInFailed = "sign_in_failed";
    public const string SignOut = "sign_out";
    public const string PasswordChanged = "password_changed";
    public const string AccountCreated = "account_created";
    public const string AccountDisabled = "account_disabled";
    public const string AccountEnabled = "account_enabled";
    public const string RoleChanged = "role_changed";
    public const string KeyMinted = "key_minted";
    public const string KeyRevoked = "key_revoked";
    public const string LectureDeleted = "lecture_deleted";
}
