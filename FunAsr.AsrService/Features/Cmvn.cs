using System.Globalization;
using System.Numerics.Tensors;

namespace FunAsr.AsrService.Features;

/// <summary>Global mean/variance normalisation, (x + shift) * scale per feature dimension, as funasr_onnx's apply_cmvn.</summary>
public sealed class Cmvn
{
    private readonly float[] _shift;
    private readonly float[] _scale;

    public Cmvn(float[] shift, float[] scale)
    {
        ArgumentNullException.ThrowIfNull(shift);
        ArgumentNullException.ThrowIfNull(scale);
        if (shift.Length == 0 || shift.Length != scale.Length)
        {
            throw new ArgumentException($"CMVN shift ({shift.Length}) and scale ({scale.Length}) must be non-empty and the same length.");
        }

        _shift = shift;
        _scale = scale;
    }

    public int Dimension => _shift.Length;

    public ReadOnlySpan<float> Shift => _shift;

    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>Reads a Kaldi nnet text file (am.mvn): the bracketed vectors after &lt;AddShift&gt; and &lt;Rescale&gt;.</summary>
    public static Cmvn LoadKaldiNnet(string amMvnPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(amMvnPath);
        if (!File.Exists(amMvnPath))
        {
            throw new FileNotFoundException($"CMVN file '{amMvnPath}' does not exist.", amMvnPath);
        }

        return ParseKaldiNnet(File.ReadAllText(amMvnPath), amMvnPath);
    }

    public static Cmvn ParseKaldiNnet(string text, string sourceName = "am.mvn")
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] shift = ReadComponent(text, "<AddShift>", sourceName);
        float[] scale = ReadComponent(text, "<Rescale>", sourceName);
        if (shift.Length != scale.Length)
        {
            throw new FormatException($"{sourceName}: <AddShift> has {shift.Length} values but <Rescale> has {scale.Length}.");
        }

        return new Cmvn(shift, scale);
    }

    /// <summary>sherpa-onnx metadata: comma-separated <c>neg_mean</c> and <c>inv_stddev</c>.</summary>
    public static Cmvn FromMetadata(string negMean, string invStddev)
    {
        float[] shift = ParseList(negMean, "neg_mean");
        float[] scale = ParseList(invStddev, "inv_stddev");
        if (shift.Length != scale.Length)
        {
            throw new FormatException($"Metadata neg_mean has {shift.Length} values but inv_stddev has {scale.Length}.");
        }

        return new Cmvn(shift, scale);
    }

    /// <summary>Normalises every row of a row-major [rows, Dimension] buffer.</summary>
    public void ApplyInPlace(Span<float> frames)
    {
        int dim = _shift.Length;
        if (frames.Length % dim != 0)
        {
            throw new ArgumentException($"Feature buffer of {frames.Length} floats is not a whole number of {dim}-dim rows.", nameof(frames));
        }

        for (int offset = 0; offset < frames.Length; offset += dim)
        {
            Span<float> row = frames.Slice(offset, dim);
            TensorPrimitives.Add(row, _shift, row);
            TensorPrimitives.Multiply(row, _scale, row);
        }
    }

    private static float[] ReadComponent(string text, string tag, string sourceName)
    {
        int at = text.IndexOf(tag, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new FormatException($"{sourceName}: no {tag} component found.");
        }

        int open = text.IndexOf('[', at);
        int close = open < 0 ? -1 : text.IndexOf(']', open);
        if (open < 0 || close < 0)
        {
            throw new FormatException($"{sourceName}: {tag} has no bracketed [ ... ] value list.");
        }

        var values = new List<float>();
        foreach (string token in text[(open + 1)..close].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
            {
                throw new FormatException($"{sourceName}: {tag} contains '{token}', which is not a number.");
            }

            values.Add(v);
        }

        if (values.Count == 0)
        {
            throw new FormatException($"{sourceName}: {tag} has an empty value list.");
        }

        return values.ToArray();
    }

    private static float[] ParseList(string list, string name)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            throw new FormatException($"Metadata {name} is empty.");
        }

        string[] parts = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new FormatException($"Metadata {name} item {i} '{parts[i]}' is not a number.");
            }
        }

        return values;
    }
}
