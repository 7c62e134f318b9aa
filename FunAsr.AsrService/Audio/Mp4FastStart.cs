using System.Buffers.Binary;
using FunAsr.AsrService.Admission;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Moves an MP4/MOV index (<c>moov</c>) in front of the media data (<c>mdat</c>), fixing the chunk offsets, because
/// ffmpeg cannot seek back on a pipe and so cannot play files recorded with the index last (most phone recordings).
/// The same reordering qt-faststart and <c>-movflags faststart</c> do, but only the index is copied: the rest is read
/// from the (seekable) input in its new order. Every walk is a loop with a bounded depth, so no file can exhaust the stack.
/// </summary>
internal static class Mp4FastStart
{
    /// <summary>
    /// The chunk-offset tables sit five levels under the index (moov/trak/mdia/minf/stbl/stco) and ffmpeg's own reader gives
    /// up past ten; deeper nesting is a malformed (or hostile) file, refused instead of walked.
    /// </summary>
    public const int MaxDepth = 16;

    /// <summary>A file has a handful of top-level boxes; past this many it is not worth reordering (ffmpeg reads it as it is).</summary>
    public const int MaxTopLevelBoxes = 4096;

    private const uint Ftyp = 0x66747970, Moov = 0x6D6F6F76, Mdat = 0x6D646174, Moof = 0x6D6F6F66, Free = 0x66726565,
        Skip = 0x736B6970, Wide = 0x77696465, Pnot = 0x706E6F74, Trak = 0x7472616B, Mdia = 0x6D646961, Minf = 0x6D696E66,
        Stbl = 0x7374626C, Stco = 0x7374636F, Co64 = 0x636F3634;

    /// <summary>Whether the input starts like an ISO base media / QuickTime file.</summary>
    public static bool LooksLikeIsoMedia(ReadOnlySpan<byte> head) =>
        head.Length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(head[4..]) is Ftyp or Moov or Mdat or Free or Skip or Wide or Pnot;

    /// <summary>The index, with its chunk offsets already moved, and where it and the first media data are in the file.</summary>
    public sealed record Reordering(byte[] Index, long IndexOffset, long FirstMediaOffset);

    /// <summary>
    /// Reads the top-level box headers of the <paramref name="length"/> bytes of <paramref name="file"/> that start at
    /// <paramref name="origin"/> and, when the index comes after the media data, the index itself (charged to
    /// <paramref name="memory"/>). Null when the file needs no reordering or cannot be reordered safely (fragmented,
    /// truncated, odd boxes): ffmpeg then reads it as it is and says what it makes of it.
    /// </summary>
    /// <exception cref="AudioDecodeException">Undecodable when the index nests boxes deeper than <see cref="MaxDepth"/>.</exception>
    public static async Task<Reordering?> PlanAsync(Stream file, long origin, long length, AdmissionLease memory, CancellationToken cancellationToken)
    {
        var header = new byte[16];
        long position = 0, firstMdat = -1, lastMdat = -1, moov = -1, moovLength = 0;
        for (var boxes = 0; position < length; boxes++)
        {
            if (boxes == MaxTopLevelBoxes || length - position < 8) return null;
            file.Position = origin + position;
            await file.ReadExactlyAsync(header.AsMemory(0, (int)Math.Min(16, length - position)), cancellationToken).ConfigureAwait(false);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            if (size == 1)
            {
                if (length - position < 16) return null;
                var large = BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                size = large > long.MaxValue ? -1 : (long)large;
                if (size < 16) return null;
            }
            else if (size == 0)
            {
                size = length - position;
            }

            if (size < 8 || size > length - position) return null;
            switch (type)
            {
                case Moof:
                    return null;
                case Mdat:
                    if (firstMdat < 0) firstMdat = position;
                    lastMdat = position;
                    break;
                case Moov:
                    if (moov >= 0) return null;
                    (moov, moovLength) = (position, size);
                    break;
            }

            position += size;
        }

        // Every mdat must move by the same amount, so the index has to come after all of them.
        if (moov < 0 || firstMdat < 0 || moov < lastMdat || moovLength > Array.MaxLength) return null;

        await memory.GrowAsync(moovLength, cancellationToken).ConfigureAwait(false);
        var index = new byte[moovLength];
        file.Position = origin + moov;
        await file.ReadExactlyAsync(index, cancellationToken).ConfigureAwait(false);
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(index) == 1 ? 16 : 8;
        return ShiftChunkOffsets(index.AsSpan(headerLength), moovLength) ? new Reordering(index, moov, firstMdat) : null;
    }

    /// <summary>The file in its new order: what precedes the media, the index, the media, whatever followed the index.</summary>
    public static Stream Open(Stream file, long origin, long length, Reordering reordering)
    {
        var indexEnd = reordering.IndexOffset + reordering.Index.Length;
        return new SegmentedReadStream(file,
        [
            SegmentedReadStream.Segment.Of(origin, reordering.FirstMediaOffset),
            SegmentedReadStream.Segment.Of(reordering.Index),
            SegmentedReadStream.Segment.Of(origin + reordering.FirstMediaOffset, reordering.IndexOffset - reordering.FirstMediaOffset),
            SegmentedReadStream.Segment.Of(origin + indexEnd, length - indexEnd),
        ]);
    }

    /// <summary>
    /// Adds <paramref name="shift"/> to every stco/co64 entry under the index's containers, walking with an explicit stack
    /// of open containers. False when a box does not fit its parent (the file is left as it is).
    /// </summary>
    private static bool ShiftChunkOffsets(Span<byte> children, long shift)
    {
        Span<int> ends = stackalloc int[MaxDepth + 1];
        var depth = 0;
        ends[0] = children.Length;
        var position = 0;
        while (true)
        {
            if (ends[depth] - position < 8)
            {
                // Fewer than a header's bytes left: this container is done (a few bytes of padding are tolerated).
                position = ends[depth];
                if (depth == 0) return true;
                depth--;
                continue;
            }

            var size = BinaryPrimitives.ReadUInt32BigEndian(children[position..]);
            if (size < 8 || size > ends[depth] - position) return false;
            var type = BinaryPrimitives.ReadUInt32BigEndian(children[(position + 4)..]);
            var body = children.Slice(position + 8, (int)size - 8);

            if (type is Moov or Trak or Mdia or Minf or Stbl)
            {
                if (depth == MaxDepth)
                {
                    throw new AudioDecodeException(AudioDecodeFailure.Undecodable,
                        $"The MP4/MOV index nests its boxes more than {MaxDepth} levels deep (a real file needs 5); the file is malformed.");
                }

                ends[++depth] = position + (int)size;
                position += 8;
                continue;
            }

            if (type is Stco or Co64 && !Shift(body, type == Stco ? 4 : 8, shift)) return false;
            position += (int)size;
        }
    }

    private static bool Shift(Span<byte> table, int entrySize, long shift)
    {
        if (table.Length < 8) return false;
        var count = BinaryPrimitives.ReadUInt32BigEndian(table[4..]);
        if (8 + (long)count * entrySize > table.Length) return false;
        for (var i = 0; i < count; i++)
        {
            var entry = table.Slice(8 + i * entrySize, entrySize);
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

        return true;
    }
}
