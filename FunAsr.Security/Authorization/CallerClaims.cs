namespace FunAsr.Security.Authorization;

/// <summary>Claim names of the internal token (short JWT names; services read them as they are, without mapping).</summary>
public static class CallerClaims
{
    /// <summary>The person's account id, <c>key:&lt;id&gt;</c> for a service key, <c>demo</c> for demo mode.</summary>
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Department = "dept";

    /// <summary>The API key's public id when the caller came with a key.</summary>
    public const string KeyId = "key";
    public const string RequestId = "rid";

    /// <summary>Audio seconds per hour this caller may use (services charge what they decode).</summary>
    public const string AudioSecondsPerHour = "q_audio";

    /// <summary>Jobs this caller may have queued or running at once.</summary>
    public const string ConcurrentJobs = "q_jobs";

    /// <summary>The platform service that relays the caller's request (a service-to-service hop), absent from the gateway.</summary>
    public const string Via = "via";

    /// <summary>A limit partition other than the caller's id and key (repeated; demo callers are counted by address).</summary>
    public const string Partition = "lim";
}
