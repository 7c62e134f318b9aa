using System.Buffers.Binary;

namespace FunAsr.Tests.Fuzzing;

/// <summary>
/// Seeded byte-level mutations of a real file (the structure-blind half of each fuzz test; each parser's test adds the
/// structure-aware half). Every case is reproducible from its seed and index.
/// </summary>
internal sealed class Mutator(int seed)
{
    public Random Random { get; } = new(seed);

    /// <summary>One to a few random mutations of <paramref name="original"/>.</summary>
    public byte[] Blind(byte[] original)
    {
        var bytes = original.ToArray();
        var rounds = 1 + Random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            bytes = Random.Next(7) switch
            {
                0 => FlipBits(bytes),
                1 => Overwrite(bytes, InterestingValue()),
                2 => Truncate(bytes),
                3 => Insert(bytes),
                4 => DuplicateRange(bytes),
                5 => DeleteRange(bytes),
                _ => RandomRun(bytes),
            };
        }

        return bytes;
    }

    /// <summary>Values that break length arithmetic: zero, one, just below and at the integer limits, powers of two.</summary>
    public uint InterestingValue() => Random.Next(10) switch
    {
        0 => 0,
        1 => 1,
        2 => 7,
        3 => 8,
        4 => 0x7FFFFFFF,
        5 => 0x80000000,
        6 => 0xFFFFFFFF,
        7 => 0xFFFFFFFE,
        8 => 1u << Random.Next(32),
        _ => (uint)Random.NextInt64(0, 1L << 32),
    };

    public int Position(byte[] bytes) => bytes.Length == 0 ? 0 : Random.Next(bytes.Length);

    private byte[] FlipBits(byte[] bytes)
    {
        if (bytes.Length == 0) return bytes;
        for (var i = 0; i < 1 + Random.Next(8); i++) bytes[Position(bytes)] ^= (byte)(1 << Random.Next(8));
        return bytes;
    }

    private byte[] Overwrite(byte[] bytes, uint value)
    {
        if (bytes.Length < 4) return bytes;
        var at = Random.Next(bytes.Length - 3);
        if (Random.Next(2) == 0) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), value);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
        return bytes;
    }

    private byte[] Truncate(byte[] bytes) => bytes[..Position(bytes)];

    private byte[] Insert(byte[] bytes)
    {
        var at = Position(bytes);
        var extra = new byte[1 + Random.Next(64)];
        Random.NextBytes(extra);
        return [.. bytes.AsSpan(0, at), .. extra, .. bytes.AsSpan(at)];
    }

    private byte[] DuplicateRange(byte[] bytes)
    {
        if (bytes.Length == 0) return bytes;
        var from = Position(bytes);
        var length = Random.Next(Math.Min(4096, bytes.Length - from) + 1);
        var at = Position(bytes);
        return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(from, length), .. bytes.AsSpan(at)];
    }

    private byte[] DeleteRange(byte[] bytes)
    {
        if (bytes.Length == 0) return bytes;
        var from = Position(bytes);
        var length = Random.Next(Math.Min(4096, bytes.Length - from) + 1);
        return [.. bytes.AsSpan(0, from), .. bytes.AsSpan(from + length)];
    }

    private byte[] RandomRun(byte[] bytes)
    {
        if (bytes.Length == 0) return bytes;
        var from = Position(bytes);
        Random.NextBytes(bytes.AsSpan(from, Math.Min(bytes.Length - from, 1 + Random.Next(32))));
        return bytes;
    }
}
