using System.Buffers.Binary;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Moves an MP4/MOV index (<c>moov</c>) in front of the media data (<c>mdat</c>) in memory, fixing the chunk
/// offsets, because ffmpeg cannot seek back on a pipe and so cannot play files recorded with the index last
/// (most phone recordings). The same reordering qt-faststart and <c>-movflags faststart</c> do.
/// </summary>
internal static class Mp4FastStart
{
    private static readonly string[] TopLevelTypes = ["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot"];
    private static readonly string[] Containers = ["moov", "trak", "mdia", "minf", "stbl"];

    /// <summary>Whether the input starts like an ISO base media / QuickTime file.</summary>
    public static bool LooksLikeIsoMedia(ReadOnlySpan<byte> head) =>
        head.Length >= 8 && TopLevelTypes.Contains(System.Text.Encoding.ASCII.GetString(head[4..8]));

    /// <summary>The file with its index first, or the input unchanged when it already is, or cannot be safely rewritten.</summary>
    public static ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> file)
    {
        var atoms = TopLevelAtoms(file.Span);
        if (atoms is null) return file;
        var moov = atoms.FindIndex(a => a.Type == "moov");
        var firstMdat = atoms.FindIndex(a => a.Type == "mdat");
        // Every mdat must move by the same amount, so the index has to come after all of them.
        if (moov < 0 || firstMdat < 0 || moov < atoms.FindLastIndex(a => a.Type == "mdat")) return file;
        if (atoms.Any(a => a.Type == "moof")) return file;

        var index = file.Slice(atoms[moov].Offset, atoms[moov].Length).ToArray();
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(index) == 1 ? 16 : 8;
        if (!ShiftChunkOffsets(index.AsSpan(headerLength), index.Length)) return file;

        var output = new byte[file.Length];
        var position = 0;
        for (var i = 0; i < atoms.Count; i++)
        {
            if (i == firstMdat)
            {
                index.CopyTo(output.AsSpan(position));
                position += index.Length;
            }

            if (i == moov) continue;
            file.Span.Slice(atoms[i].Offset, atoms[i].Length).CopyTo(output.AsSpan(position));
            position += atoms[i].Length;
        }

        return output;
    }

    private readonly record struct Atom(string Type, int Offset, int Length);

    private static List<Atom>? TopLevelAtoms(ReadOnlySpan<byte> file)
    {
        var atoms = new List<Atom>();
        var position = 0;
        while (position + 8 <= file.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file[position..]);
            var type = System.Text.Encoding.ASCII.GetString(file.Slice(position + 4, 4));
            if (size == 1)
            {
                if (position + 16 > file.Length) return null;
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file[(position + 8)..]);
            }
            else if (size == 0)
            {
                size = file.Length - position;
            }

            if (size < 8 || position + size > file.Length) return null;
            atoms.Add(new Atom(type, position, (int)size));
            position += (int)size;
        }

        return position == file.Length ? atoms : null;
    }

    /// <summary>Adds <paramref name="shift"/> to every stco/co64 entry under a container's children.</summary>
    private static bool ShiftChunkOffsets(Span<byte> children, int shift)
    {
        var position = 0;
        while (position + 8 <= children.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(children[position..]);
            if (size < 8 || position + size > children.Length) return false;
            var type = System.Text.Encoding.ASCII.GetString(children.Slice(position + 4, 4));
            var body = children.Slice(position + 8, size - 8);

            if (Containers.Contains(type))
            {
                if (!ShiftChunkOffsets(body, shift)) return false;
            }
            else if (type is "stco" or "co64")
            {
                var entrySize = type == "stco" ? 4 : 8;
                if (body.Length < 8) return false;
                var count = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                if (8 + (long)count * entrySize > body.Length) return false;
                for (var i = 0; i < count; i++)
                {
                    var entry = body.Slice(8 + i * entrySize, entrySize);
                    if (entrySize == 4)
                    {
                        var moved = (ulong)BinaryPrimitives.ReadUInt32BigEndian(entry) + (ulong)shift;
                        if (moved > uint.MaxValue) return false;
                        BinaryPrimitives.WriteUInt32BigEndian(entry, (uint)moved);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt64BigEndian(entry, BinaryPrimitives.ReadUInt64BigEndian(entry) + (ulong)shift);
                    }
                }
            }

            position += size;
        }

        return true;
    }
}
