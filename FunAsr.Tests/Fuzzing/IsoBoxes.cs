using System.Buffers.Binary;
using System.Text;

namespace FunAsr.Tests.Fuzzing;

/// <summary>Builds and walks ISO base media (MP4/MOV) boxes, for crafted inputs and structure-aware mutations.</summary>
internal static class IsoBoxes
{
    public static byte[] Box(string type, params byte[][] children)
    {
        var length = 8 + children.Sum(c => c.Length);
        var box = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4, 4));
        var position = 8;
        foreach (var child in children)
        {
            child.CopyTo(box, position);
            position += child.Length;
        }

        return box;
    }

    /// <summary>
    /// The crash: an index whose moov holds <paramref name="depth"/> trak boxes each inside the previous one
    /// (8 bytes apiece, so 200,000 of them make a 1.6 MB file), placed after the media data as recorders do.
    /// </summary>
    public static byte[] NestedTrakMp4(int depth)
    {
        var ftyp = Box("ftyp", "M4A \0\0\0\0M4A isom"u8.ToArray());
        var mdat = Box("mdat", new byte[64]);
        var moovLength = 8 + 8L * depth;
        var file = new byte[ftyp.Length + mdat.Length + moovLength];
        ftyp.CopyTo(file, 0);
        mdat.CopyTo(file, ftyp.Length);
        var position = ftyp.Length + mdat.Length;
        WriteHeader(file.AsSpan(position), (uint)moovLength, "moov");
        for (var level = 0; level < depth; level++)
        {
            var at = position + 8 + 8 * level;
            WriteHeader(file.AsSpan(at), (uint)(moovLength - 8 - 8L * level), "trak");
        }

        return file;
    }

    private static void WriteHeader(Span<byte> at, uint size, string type)
    {
        BinaryPrimitives.WriteUInt32BigEndian(at, size);
        Encoding.ASCII.GetBytes(type, at[4..8]);
    }

    public readonly record struct Header(int Offset, int Size, string Type, int Depth);

    /// <summary>Every box header in the file, walking into the usual containers (moov, trak, mdia, minf, stbl, udta, edts).</summary>
    public static List<Header> Headers(ReadOnlySpan<byte> file)
    {
        var headers = new List<Header>();
        var open = new Stack<(int End, int Depth)>();
        open.Push((file.Length, 0));
        var position = 0;
        while (open.Count > 0)
        {
            var (end, depth) = open.Peek();
            if (end - position < 8)
            {
                position = end;
                open.Pop();
                continue;
            }

            var size = BinaryPrimitives.ReadUInt32BigEndian(file[position..]);
            var type = Encoding.ASCII.GetString(file.Slice(position + 4, 4));
            if (size < 8 || size > end - position)
            {
                position = end;
                open.Pop();
                continue;
            }

            headers.Add(new Header(position, (int)size, type, depth));
            if (type is "moov" or "trak" or "mdia" or "minf" or "stbl" or "udta" or "edts" && depth < 32)
            {
                open.Push((position + (int)size, depth + 1));
                position += 8;
            }
            else
            {
                position += (int)size;
            }
        }

        return headers;
    }
}
