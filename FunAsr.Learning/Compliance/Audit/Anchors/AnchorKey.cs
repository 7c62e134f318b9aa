using System.Security.Cryptography;
using FunAsr.Data.Database;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Audit.Anchors;

/// <summary>
/// The ECDSA P-256 key that signs checkpoints: <c>Compliance:Audit:AnchorKey</c>, or one generated on first use and kept
/// in the data folder with owner-only permissions. Its id is the first 8 bytes of the SHA-256 of its public key
/// (SubjectPublicKeyInfo), as a transparency log names its key by a hash of it.
/// </summary>
public sealed class AnchorKey : IDisposable
{
    private readonly ECDsa _key;
    private readonly Dictionary<string, ECDsa> _verifiers;

    public AnchorKey(IOptions<ComplianceOptions> options, IConfiguration configuration, ILogger<AnchorKey> logger)
    {
        var audit = options.Value.Audit;
        _key = ECDsa.Create();
        if (!string.IsNullOrWhiteSpace(audit.AnchorKey))
        {
            _key.ImportFromPem(audit.AnchorKey);
        }
        else
        {
            LoadOrCreate(_key, Path.Combine(DatabaseConnection.DataDirectory(configuration), "compliance", "anchor-key.pem"), logger);
        }
        KeyId = IdOf(_key);
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        _verifiers = new Dictionary<string, ECDsa>(StringComparer.Ordinal) { [KeyId] = _key };
        foreach (var pem in audit.RetiredAnchorKeys)
        {
            var retired = ECDsa.Create();
            retired.ImportFromPem(pem);
            _verifiers.TryAdd(IdOf(retired), retired);
        }
        logger.LogInformation("Audit checkpoints are signed with ECDSA P-256 key {KeyId}", KeyId);
    }

    public string KeyId { get; }

    /// <summary>The public key (SubjectPublicKeyInfo PEM) an auditor verifies checkpoints with.</summary>
    public string PublicKeyPem { get; }

    public string Sign(byte[] data) => Convert.ToBase64String(_key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>Null when the signature holds; otherwise why not.</summary>
    public string? Check(Checkpoint checkpoint)
    {
        if (!_verifiers.TryGetValue(checkpoint.KeyId, out var key))
        {
            return $"it is signed with key {checkpoint.KeyId}, which is neither the anchor key ({KeyId}) nor one of Compliance:Audit:RetiredAnchorKeys";
        }
        Span<byte> signature = stackalloc byte[256];
        return Convert.TryFromBase64String(checkpoint.Signature, signature, out var length)
               && key.VerifyData(checkpoint.SignedBytes(), signature[..length], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            ? null
            : "its signature does not verify: the checkpoint was altered or forged";
    }

    public static string IdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 8));

    /// <summary>Start-up check of a configured key: null when it is a P-256 private key, else why not.</summary>
    public static string? Invalid(string pem) => Problem(pem, key => key.ExportParameters(includePrivateParameters: true).D is not null);

    /// <summary>Start-up check of a retired key: null when it is a P-256 public key, else why not.</summary>
    public static string? InvalidPublic(string pem) => Problem(pem, _ => true);

    private static string? Problem(string pem, Func<ECDsa, bool> holds)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key.KeySize == 256 && holds(key) ? null : "it is not a P-256 key of that kind";
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            return error.Message;
        }
    }

    private static void LoadOrCreate(ECDsa key, string file, ILogger logger)
    {
        if (File.Exists(file))
        {
            key.ImportFromPem(File.ReadAllText(file));
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        var stream = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var writer = new StreamWriter(file, stream);
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process of this service created it first: use that one, so both sign with the same key.
            key.ImportFromPem(File.ReadAllText(file));
            return;
        }
        logger.LogWarning("No Compliance:Audit:AnchorKey is configured: generated an audit anchor key and kept it in {File} (owner-only). " +
                          "Back it up, or configure the key, and publish its public key (GET /api/compliance/audit/anchors/key) to auditors", file);
    }

    public void Dispose()
    {
        foreach (var key in _verifiers.Values.Distinct())
        {
            key.Dispose();
        }
    }
}
