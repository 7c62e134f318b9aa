using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Configuration;

/// <summary>Cross-field rules DataAnnotations cannot express: a model endpoint is all-or-nothing and must be an absolute URL.</summary>
public sealed class QaBotOptionsValidator : IValidateOptions<QaBotOptions>
{
    public ValidateOptionsResult Validate(string? name, QaBotOptions options)
    {
        var failures = new List<string>();
        // DataAnnotations validation does not descend into the sub-sections, so each is checked here.
        foreach (var (section, value) in new (string, object)[]
                 { ("Ingest", options.Ingest), ("Retrieval", options.Retrieval), ("Retrieval:Answer", options.Retrieval.Answer), ("Compliance", options.Compliance), ("Asr", options.Asr) })
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"QaBot:{section}: {r.ErrorMessage}"));
            }
        }
        if (!FunAsr.Security.Authorization.Roles.IsKnown(options.Compliance.ClearTextRole))
        {
            failures.Add($"QaBot:Compliance:ClearTextRole '{options.Compliance.ClearTextRole}' is not a role; use one of {string.Join(", ", FunAsr.Security.Authorization.Roles.All)}.");
        }
        CheckEndpoint("Chat", options.Chat, failures);
        CheckEndpoint("Embeddings", options.Embeddings, failures);
        if (options.Compliance.SensitiveTerms.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("QaBot:Compliance:SensitiveTerms contains an empty term.");
        }
        else
        {
            try
            {
                Compliance.ConfiguredTermSource.FromOptions(options.Compliance);
            }
            catch (ArgumentException e)
            {
                failures.Add("QaBot:Compliance:SensitiveTerms: " + e.Message);
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckEndpoint(string section, ModelEndpointOptions endpoint, List<string> failures)
    {
        var anySet = !string.IsNullOrWhiteSpace(endpoint.Endpoint) || !string.IsNullOrWhiteSpace(endpoint.Model);
        if (!anySet)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(endpoint.Endpoint) || string.IsNullOrWhiteSpace(endpoint.Model))
        {
            failures.Add($"QaBot:{section} needs both Endpoint and Model (got only one).");
        }
        else if (!Uri.TryCreate(endpoint.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"QaBot:{section}:Endpoint '{endpoint.Endpoint}' is not an absolute http(s) URL.");
        }
    }
}
