namespace FunAsr.Security.Authorization;

/// <summary>Who besides its owner sees a lecture, a recording or a job: everyone, one department, or nobody.</summary>
public static class Visibility
{
    public const string Everyone = "everyone";
    public const string Department = "department";
    public const string Private = "private";

    public static readonly string[] All = [Everyone, Department, Private];

    /// <summary>The visibility named (absent means <see cref="Everyone"/>), or null when it is not one of the three.</summary>
    public static string? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or Everyone => Everyone,
        Department => Department,
        Private => Private,
        _ => null,
    };

    public static string Describe() => $"'{Everyone}', '{Department}' or '{Private}'";
}
