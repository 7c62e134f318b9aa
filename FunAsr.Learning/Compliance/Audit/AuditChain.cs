using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FunAsr.Learning.Compliance.Data;

namespace FunAsr.Learning.Compliance.Audit;

/// <summary>The hash rule of the trail: hash(n) = SHA-256(hash(n−1) ‖ row n's fields), the fields as one JSON array.</summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string HashOf(string previousHash, AuditRecord record)
    {
        // A JSON array keeps field boundaries unambiguous ("a","bc" never hashes like "ab","c").
        var fields = JsonSerializer.Serialize(new[]
        {
            record.At.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            record.Kind, record.ActorId, record.ActorName, record.Subject, record.Detail,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + fields)));
    }

    /// <summary>Microsecond precision: what PostgreSQL keeps of a timestamp, so the hash reads back the same on both engines.</summary>
    public static DateTime Truncate(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, DateTimeKind.Utc);
}
