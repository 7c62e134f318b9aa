namespace FunAsr.Security.Authorization;

/// <summary>
/// The three roles, each including the one below it: an employee asks and trains, a content user also uploads,
/// edits and deletes lectures, notes and jobs, an admin also manages people, keys and reports.
/// </summary>
public static class Roles
{
    public const string Employee = "employee";
    public const string Content = "content";
    public const string Admin = "admin";

    /// <summary>From least to most privileged.</summary>
    public static readonly string[] All = [Employee, Content, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    /// <summary>Rank for comparisons: employee 1, content 2, admin 3, anything else 0.</summary>
    public static int Rank(string? role) => role is null ? 0 : Array.IndexOf(All, role) + 1;

    /// <summary>The roles that satisfy a requirement of at least <paramref name="role"/> (content → content, admin).</summary>
    public static string[] AtLeast(string role)
    {
        var rank = Rank(role);
        if (rank == 0)
        {
            throw new ArgumentException($"'{role}' is not a role; use one of {string.Join(", ", All)}.", nameof(role));
        }
        return All.Skip(rank - 1).ToArray();
    }

    /// <summary>The less privileged of two roles (a person's key never acts above the person's current role).</summary>
    public static string Lower(string a, string b) => Rank(a) <= Rank(b) ? a : b;

    /// <summary>The highest known role among <paramref name="roles"/>, or null.</summary>
    public static string? Highest(IEnumerable<string> roles) =>
        roles.Where(IsKnown).OrderByDescending(Rank).FirstOrDefault();
}
