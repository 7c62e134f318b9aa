using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using ICSharpCode.SharpZipLib.BZip2;

namespace FunAsr.Tests.Models;

/// <summary>Archives built in memory: a model-like folder, or one with a hostile entry.</summary>
internal static class TestArchives
{
    public static readonly byte[] ModelBytes = Random(300_000, seed: 1);
    public const string Tokens = "<blank> 0\n▁hello 1\n世界 2\n";

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A tar (compressed by extension) with a top folder, like the sherpa-onnx releases, plus optional extra entries.</summary>
    public static byte[] Tar(string extension, params TarEntry[] extra)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "pkg/"));
            writer.WriteEntry(File("pkg/model.int8.onnx", ModelBytes));
            writer.WriteEntry(File("pkg/tokens.txt", System.Text.Encoding.UTF8.GetBytes(Tokens)));
            writer.WriteEntry(File("pkg/test_wavs/README.md", "wavs"u8.ToArray()));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "pkg/model.onnx") { LinkName = "model.int8.onnx" });
            foreach (var entry in extra) writer.WriteEntry(entry);
        }

        var raw = tar.ToArray();
        var packed = new MemoryStream();
        switch (extension)
        {
            case "tar.bz2":
                using (var bz = new BZip2OutputStream(packed) { IsStreamOwner = false }) bz.Write(raw);
                break;
            case "tar.gz":
                using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
                break;
            default:
                packed.Write(raw);
                break;
        }

        return packed.ToArray();
    }

    public static PaxTarEntry File(string name, byte[] content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return zip.ToArray();
    }
}
