using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FunAsr.Tests.Security;

/// <summary>A person the test identity provider knows.</summary>
public sealed record TestIdentity(string Subject, string UserName, string Name, string[] Roles, string? Department);

/// <summary>
/// A minimal OpenID Connect provider on a free loopback port: discovery, an authorize endpoint with a one-field
/// sign-in form, a token endpoint (authorization code with PKCE S256 and a client secret), and the signing keys.
/// Answers with form_post, as Entra ID does by default. Enough of the protocol that the real OpenIdConnect handler
/// is exercised end to end; no consent, refresh tokens or user info.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "funasr-gateway";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-signing-key" };
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();
    private readonly Dictionary<string, TestIdentity> _people;

    private sealed record PendingCode(TestIdentity Person, string RedirectUri, string Nonce, string Challenge);

    private TestIdentityProvider(WebApplication app, IEnumerable<TestIdentity> people)
    {
        _app = app;
        _people = people.ToDictionary(p => p.UserName);
    }

    public Uri Authority { get; private set; } = null!;

    public int TokensIssued { get; private set; }

    public static async Task<TestIdentityProvider> StartAsync(params TestIdentity[] people)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new TestIdentityProvider(app, people);
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Keys);
        app.MapGet("/authorize", provider.SignInForm);
        app.MapPost("/authorize", (Delegate)provider.SignInAsync);
        app.MapPost("/token", (Delegate)provider.TokenAsync);
        await app.StartAsync();
        provider.Authority = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return provider;
    }

    private string Issuer => Authority.ToString().TrimEnd('/');

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "form_post", "query" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["scopes_supported"] = new[] { "openid", "profile", "email" },
    });

    private IResult Keys()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } } });
    }

    private IResult SignInForm(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
        {
            return Results.BadRequest("unsupported request");
        }
        var hidden = string.Concat(new[] { "redirect_uri", "state", "nonce", "code_challenge", "response_mode" }
            .Select(name => $"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(query[name])}\">"));
        var html = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
            <body><h1>Test identity provider</h1><form method="post" action="/authorize">{hidden}
            <label for="username">Corporate user name</label><input id="username" name="username">
            <button type="submit">Continue</button></form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private async Task<IResult> SignInAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (!_people.TryGetValue(form["username"].ToString(), out var person))
        {
            return Results.Content("<!doctype html><p>Unknown user</p>", "text/html; charset=utf-8", statusCode: 401);
        }
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new PendingCode(person, form["redirect_uri"]!, form["nonce"]!, form["code_challenge"]!);
        var html = $"""
            <!doctype html><html><head><meta charset="utf-8"><title>Signing in…</title></head>
            <body onload="document.forms[0].submit()"><form method="post" action="{WebUtility.HtmlEncode(form["redirect_uri"])}">
            <input type="hidden" name="code" value="{code}"><input type="hidden" name="state" value="{WebUtility.HtmlEncode(form["state"])}">
            <noscript><button type="submit">Continue</button></noscript></form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(context.Request, form);
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var pending)
            || pending.RedirectUri != form["redirect_uri"])
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (challenge != pending.Challenge)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
        }
        var now = DateTime.UtcNow;
        var claims = new List<Claim>
        {
            new("sub", pending.Person.Subject),
            new("name", pending.Person.Name),
            new("preferred_username", pending.Person.UserName),
            new("email", $"{pending.Person.UserName}@corp.example"),
            new("nonce", pending.Nonce),
        };
        claims.AddRange(pending.Person.Roles.Select(role => new Claim("roles", role)));
        if (pending.Person.Department is not null)
        {
            claims.Add(new Claim("department", pending.Person.Department));
        }
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        TokensIssued++;
        return Results.Json(new { access_token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"], form["client_secret"]);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
