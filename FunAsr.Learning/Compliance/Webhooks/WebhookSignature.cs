using System.Security.Cryptography;
using System.Text;

namespace FunAsr.Learning.Compliance.Webhooks;

/// <summary>
/// <c>X-FunAsr-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>, the
/// timestamped form Stripe and Slack use, so a receiver can refuse replays of an old body.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-FunAsr-Signature";
    public const string EventHeader = "X-FunAsr-Event";
    public const string DeliveryHeader = "X-FunAsr-Delivery";

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>What a receiver does: recompute and compare in constant time, and refuse signatures older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        long? timestamp = null;
        string? signature = null;
        foreach (var part in header.Split(','))
        {
            var (key, value) = (part.Split('=', 2)[0].Trim(), part.Contains('=') ? part.Split('=', 2)[1].Trim() : "");
            if (key == "t" && long.TryParse(value, out var t)) timestamp = t;
            if (key == "v1") signature = value;
        }
        if (timestamp is null || signature is null || Math.Abs(now.ToUnixTimeSeconds() - timestamp.Value) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Sign(secret, timestamp.Value, body).Split("v1=")[1];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
}
