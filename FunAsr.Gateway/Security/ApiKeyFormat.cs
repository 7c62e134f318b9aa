using System.Security.Cryptography;
using System.Text;

namespace FunAsr.Gateway.Security;

/// <summary>
/// A minted key reads <c>fak_&lt;12 hex id&gt;_&lt;43-character secret&gt;</c>: the id finds the row without
/// scanning, the 256-bit secret is what proves possession and is stored only as its SHA-256 (a random secret needs
/// no slow hash).
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "fak_";
    private const int IdHexLength = 12;

    public static (string Id, string Key, byte[] SecretHash) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}", Hash(secret));
    }

    public static bool TryParse(string presented, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length < Prefix.Length + IdHexLength + 2
            || presented[Prefix.Length + IdHexLength] != '_')
        {
            return false;
        }
        id = presented.Substring(Prefix.Length, IdHexLength);
        secret = presented[(Prefix.Length + IdHexLength + 1)..];
        return id.All(char.IsAsciiHexDigitLower) && secret.Length is >= 16 and <= 128;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
