namespace FunAsr.Security.Limits;

/// <summary>The limits the platform counts, as named in metrics, problem codes and store keys.</summary>
public static class LimitNames
{
    public const string Requests = "requests";
    public const string AudioSeconds = "audio";
    public const string LiveStreams = "live";
    public const string Jobs = "jobs";
    public const string SignInAccount = "signin-account";
    public const string SignInAddress = "signin-address";

    public static readonly TimeSpan AudioWindow = TimeSpan.FromHours(1);
}
