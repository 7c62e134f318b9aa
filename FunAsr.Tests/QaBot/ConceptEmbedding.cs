namespace FunAsr.Tests.QaBot;

/// <summary>
/// A deterministic stand-in for a semantic embedding model: every phrase of a concept below maps to that concept's dimension,
/// other words to hashed dimensions at a lower weight. Paraphrases that share no word with the lecture (barrels/drums,
/// 退钱/退款) thus land close to it, which BM25 cannot see: what a real model such as bge-m3 adds.
/// </summary>
public static class ConceptEmbedding
{
    private const int Dimensions = 256;
    private const float WordWeight = 0.35f;

    private static readonly string[][] Concepts =
    [
        ["drum", "drums", "barrel", "barrels"],
        ["collected", "picked up", "pick up", "emptied"],
        ["broken glass", "shattered", "glassware", "sharps"],
        ["bins", "throw away", "dispose of"],
        ["closed shoes", "footwear", "shoes", "sandals"],
        ["disciplined", "punished", "in trouble"],
        ["incident", "accident", "near miss"],
        ["rinse", "flush"],
        ["eyes", "eye"],
        ["退款", "退钱", "钱退回"],
        ["到账", "退回", "多久到"],
        ["投诉", "抱怨", "不满意"],
        ["回复", "答复", "回应"],
        ["录音", "电话录下来"],
        ["保存", "留存", "保留"],
    ];

    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        var lower = text.ToLowerInvariant();
        for (var c = 0; c < Concepts.Length; c++)
        {
            if (Concepts[c].Any(phrase => lower.Contains(phrase, StringComparison.Ordinal)))
            {
                vector[c] += 1;
            }
        }
        foreach (var word in lower.Split([' ', ',', '.', '?', '，', '。', '？'], StringSplitOptions.RemoveEmptyEntries))
        {
            vector[Concepts.Length + (int)((uint)StableHash(word) % (uint)(Dimensions - Concepts.Length))] += WordWeight;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
    }

    // string.GetHashCode is randomised per process: the stand-in must give the same vector in every run.
    private static int StableHash(string word)
    {
        var hash = 17;
        foreach (var c in word)
        {
            hash = unchecked(hash * 31 + c);
        }
        return hash;
    }
}
