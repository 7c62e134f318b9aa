using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace FunAsr.AsrService.Speakers;

/// <summary>Voice embeddings as stored (base64 of little-endian float32) and compared (cosine of unit vectors).</summary>
public static class VoiceVectors
{
    public static string Encode(float[] vector) => Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan()));

    /// <summary>The vector, or null when the text is not one (a damaged record is ignored, not fatal).</summary>
    public static float[]? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(text);
            return bytes.Length % 4 == 0 && bytes.Length > 0 ? MemoryMarshal.Cast<byte, float>(bytes).ToArray() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static double Cosine(float[] a, float[] b) =>
        a.Length == b.Length && a.Length > 0 ? TensorPrimitives.CosineSimilarity(a, b) : double.NaN;
}
