using FunAsr.Security.Authorization;

namespace FunAsr.AsrService.Access;

/// <summary>Who may call the ASR service's endpoints beyond their own roles.</summary>
public static class AsrRoles
{
    /// <summary>
    /// The Q&amp;A service: it relays a spoken question of any signed-in caller to synchronous transcription, which is
    /// otherwise for <see cref="Roles.Content"/> (docs/security.md).
    /// </summary>
    public const string QuestionRelay = "qabot";
}
