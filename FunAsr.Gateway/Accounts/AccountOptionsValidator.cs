using FunAsr.Security.Authorization;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Accounts;

public sealed class AccountOptionsValidator : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        var failures = new List<string>();
        if (options.PasswordMinLength < 8)
        {
            failures.Add("Accounts:PasswordMinLength must be at least 8.");
        }
        if (options.LockoutAttempts < 1 || options.LockoutDuration <= TimeSpan.Zero)
        {
            failures.Add("Accounts:LockoutAttempts must be at least 1 and Accounts:LockoutDuration positive.");
        }
        if (options.SignInAttemptsPerAccount < 1 || options.SignInAttemptsPerAddress < 1 || options.SignInWindow <= TimeSpan.Zero)
        {
            failures.Add("Accounts:SignInAttemptsPerAccount and SignInAttemptsPerAddress must be at least 1 and SignInWindow positive.");
        }
        if (options.Bootstrap is { } admin && (string.IsNullOrWhiteSpace(admin.UserName) || admin.Password.Length < options.PasswordMinLength))
        {
            failures.Add($"Accounts:Bootstrap needs a UserName and a Password of at least {options.PasswordMinLength} characters.");
        }
        var oidc = options.Oidc;
        if (oidc.Enabled)
        {
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out _))
            {
                failures.Add($"Accounts:Oidc:Authority '{oidc.Authority}' is not an absolute URL (e.g. https://login.microsoftonline.com/<tenant>/v2.0).");
            }
            if (string.IsNullOrWhiteSpace(oidc.ClientId))
            {
                failures.Add("Accounts:Oidc:ClientId is required when Accounts:Oidc:Authority is set.");
            }
            foreach (var (value, role) in oidc.RoleMap.Where(pair => !Roles.IsKnown(pair.Value)))
            {
                failures.Add($"Accounts:Oidc:RoleMap maps '{value}' to '{role}', which is not a role; use one of {string.Join(", ", Roles.All)}.");
            }
            if (oidc.FallbackRole is not null && !Roles.IsKnown(oidc.FallbackRole))
            {
                failures.Add($"Accounts:Oidc:DefaultRole '{oidc.DefaultRole}' is not a role.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
