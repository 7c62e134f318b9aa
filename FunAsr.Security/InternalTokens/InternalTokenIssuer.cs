using System.Security.Claims;
using FunAsr.Security.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunAsr.Security.InternalTokens;

/// <summary>Signs the caller the gateway authenticated into the short-lived token that travels with the proxied request.</summary>
public sealed class InternalTokenIssuer(IOptionsMonitor<InternalTokenOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The subject of a request the gateway forwards without a signed-in caller (its anonymous routes).</summary>
    public const string AnonymousSubject = "anonymous";

    public string Issue(Caller caller) => Issue(caller.ToClaims());

    /// <summary>
    /// A token for a request on one of the gateway's anonymous routes (the model status the sign-in screen shows): it
    /// proves the request came through the gateway but carries no role, so it opens only endpoints that ask for nothing
    /// more (<see cref="Policies.RequireGatewayToken{TBuilder}"/>).
    /// </summary>
    public string IssueAnonymous(string? requestId)
    {
        var claims = new List<Claim> { new(CallerClaims.Subject, AnonymousSubject) };
        if (requestId is not null)
        {
            claims.Add(new Claim(CallerClaims.RequestId, requestId));
        }
        return Issue(claims);
    }

    private string Issue(IEnumerable<Claim> callerClaims)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = callerClaims.ToList();
        claims.Add(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.Lifetime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(settings.Key(), SecurityAlgorithms.HmacSha256),
        });
    }
}
