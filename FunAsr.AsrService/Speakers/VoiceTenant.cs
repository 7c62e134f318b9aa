using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FunAsr.Security.Authorization;

namespace FunAsr.AsrService.Speakers;

/// <summary>
/// Whose library of named voices a request uses: the caller's department as the gateway's internal token states it,
/// so one department's named voices never label another's recordings; callers without one share the default library.
/// </summary>
public static class VoiceTenant
{
    public const string Default = "default";

    public static string Of(ClaimsPrincipal user) => Normalize(Caller.From(user)?.Department);

    /// <summary>Who names a voice, for the record: the caller's name or subject, when known.</summary>
    public static string? Actor(ClaimsPrincipal user) => Caller.From(user) is { } caller ? caller.Name ?? caller.Subject : null;

    /// <summary>A key-safe tenant name: lower-case letters, digits, '.', '_' and '-' kept; anything else is hashed.</summary>
    public static string Normalize(string? department)
    {
        var name = department?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(name))
        {
            return Default;
        }

        return name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? name
            : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..24];
    }
}
