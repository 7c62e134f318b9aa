using System.Security.Claims;
using FunAsr.Security.Authorization;

namespace FunAsr.AsrService.Access;

public static class Callers
{
    /// <summary>The caller of a request that passed a role policy (every endpoint here has one), as the gateway signed it.</summary>
    public static Caller Of(ClaimsPrincipal user) =>
        Caller.From(user) ?? throw new InvalidOperationException("The endpoint was reached without a caller: it needs a role policy.");
}
