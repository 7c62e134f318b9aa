using System.Text.Json;

namespace FunAsr.Tests.Nano;

/// <summary>Paths of the tiny model set made by models/testing/nano/make_tiny_nano.py (copied beside the test binaries).</summary>
internal static class NanoFixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nano");

    public static string Fp32Folder => Path.Combine(Root, "fp32");

    public static string Fp16Folder => Path.Combine(Root, "fp16");

    public static string Folder(string ioDtype) => ioDtype == "fp16" ? Fp16Folder : Fp32Folder;

    public static JsonDocument ReadJson(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, name)));

    public static float[] ReadFeatures(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, "features", name));
        var floats = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return floats;
    }
}
