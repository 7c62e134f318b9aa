using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Configuration;

/// <summary>Refuses to start with settings that would make mastery, reviews or forwarding meaningless.</summary>
public sealed class LearningOptionsValidator : IValidateOptions<LearningOptions>
{
    public ValidateOptionsResult Validate(string? name, LearningOptions options)
    {
        var failures = new List<string>();
        var m = options.Mastery;
        foreach (var (value, key) in new[] { (m.PriorKnown, "PriorKnown"), (m.Learn, "Learn"), (m.Slip, "Slip"), (m.MaxGuess, "MaxGuess"), (m.FreeResponseGuess, "FreeResponseGuess") })
        {
            if (value is <= 0 or >= 1)
            {
                failures.Add($"Learning:Mastery:{key} must be between 0 and 1 (exclusive).");
            }
        }
        if (m.Slip + m.MaxGuess >= 1)
        {
            failures.Add("Learning:Mastery:Slip + MaxGuess must stay below 1, or a right answer would lower mastery.");
        }
        if (m.MasteredAt is <= 0.5 or >= 1)
        {
            failures.Add("Learning:Mastery:MasteredAt must be between 0.5 and 1.");
        }
        if (m.DesiredRetention is <= 0.5 or >= 1)
        {
            failures.Add("Learning:Mastery:DesiredRetention must be between 0.5 and 1.");
        }
        if (m.FsrsWeights is { } weights && weights.Length != 21)
        {
            failures.Add("Learning:Mastery:FsrsWeights must be the 21 FSRS-6 weights.");
        }
        if (options.Quiz.PassScore is < 0 or > 1 || options.Quiz.MaxItems is < 1 or > 100)
        {
            failures.Add("Learning:Quiz:PassScore must be 0–1 and MaxItems 1–100.");
        }
        if (options.Quiz.FreshnessTimeout <= TimeSpan.Zero || options.Quiz.FreshnessTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add("Learning:Quiz:FreshnessTimeout must be more than 0 and at most 30 seconds.");
        }
        var lrs = options.Lrs;
        if (lrs.Enabled)
        {
            if (!Uri.TryCreate(lrs.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                failures.Add("Learning:Lrs:Endpoint must be an absolute http(s) URL, the LRS's xAPI base (…/xAPI).");
            }
            if (string.IsNullOrEmpty(lrs.Username) != string.IsNullOrEmpty(lrs.Password))
            {
                failures.Add("Learning:Lrs:Username and Password go together (HTTP Basic).");
            }
            if (lrs.BatchSize is < 1 or > 500 || lrs.FirstRetry <= TimeSpan.Zero || lrs.MaxRetry < lrs.FirstRetry || lrs.PollInterval <= TimeSpan.Zero)
            {
                failures.Add("Learning:Lrs: BatchSize 1–500, FirstRetry > 0, MaxRetry ≥ FirstRetry, PollInterval > 0.");
            }
        }
        if (options.Llm.Enabled && !Uri.TryCreate(options.Llm.Endpoint, UriKind.Absolute, out _))
        {
            failures.Add("Learning:Llm:Endpoint must be an absolute URL of an OpenAI-compatible API (…/v1).");
        }
        if (!Uri.TryCreate(options.Xapi.HomePage, UriKind.Absolute, out _) || !Uri.TryCreate(options.Xapi.ActivityBase, UriKind.Absolute, out _))
        {
            failures.Add("Learning:Xapi:HomePage and ActivityBase must be absolute IRIs.");
        }
        if (options.Progress.CompletedAt is <= 0 or > 1)
        {
            failures.Add("Learning:Progress:CompletedAt must be a share of the lecture (0–1].");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
