using System.Buffers.Binary;
using System.Text;
using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Audio;
using FunAsr.Tests.Audio;

namespace FunAsr.Tests.Fuzzing;

/// <summary>
/// The MP4/MOV index reordering on thousands of mutated real files: each is reordered, left as it is, or refused as
/// undecodable, never a crash or another exception, and a reordered file is exactly as long as the original.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class Mp4FastStartFuzzTests(FuzzSeeds seeds, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<FuzzSeeds>
{
    private const int Cases = 6000;
    private static readonly string[] BoxTypes = ["moov", "trak", "mdia", "minf", "stbl", "stco", "co64", "mdat", "moof", "ftyp", "free", "udta"];
    private readonly AdmissionControl _admission = AudioTestSupport.CreateAdmission(o => o.MemoryBudgetMegabytes = 1024);

    [Fact]
    public async Task Mutated_files_are_reordered_left_alone_or_refused_and_nothing_else()
    {
        var originals = seeds.IsoMedia;
        int reordered = 0, unchanged = 0, refused = 0;
        for (var i = 0; i < Cases; i++)
        {
            var mutator = new Mutator(i);
            var original = originals[i % originals.Length];
            var file = i % 3 == 0 ? mutator.Blind(original) : StructureAware(mutator, original);
            try
            {
                var outcome = await PlanAndReadAsync(file);
                if (outcome) reordered++;
                else unchanged++;
            }
            catch (AudioDecodeException e) when (e.Failure == AudioDecodeFailure.Undecodable)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {i} (seed {i}, {file.Length} bytes, from seed file {i % originals.Length}) threw {e}");
            }
        }

        output.WriteLine($"{Cases} cases: {reordered} reordered, {unchanged} left as they were, {refused} refused");
        // The mutations reach every outcome, so the walk was really exercised.
        Assert.True(reordered > Cases / 20, $"{reordered} reordered");
        Assert.True(unchanged > Cases / 20, $"{unchanged} left as they were");
        Assert.True(refused > 0, "none nested deep enough to be refused");
    }

    [Fact]
    public async Task Unmutated_files_with_the_index_last_get_it_first_with_every_chunk_offset_moved()
    {
        foreach (var original in new[] { seeds["index-last.m4a"], seeds["with-video.mp4"], seeds["quicktime.mov"] })
        {
            using var memory = await _admission.Memory.AcquireAsync(0, CancellationToken.None);
            using var file = new MemoryStream(original);
            var plan = await Mp4FastStart.PlanAsync(file, 0, original.Length, memory, CancellationToken.None);
            Assert.NotNull(plan);
            var output = new MemoryStream();
            await Mp4FastStart.Open(file, 0, original.Length, plan).CopyToAsync(output);
            var moved = output.ToArray();

            Assert.Equal(original.Length, moved.Length);
            var before = IsoBoxes.Headers(original);
            var after = IsoBoxes.Headers(moved);
            Assert.True(TopLevel(after).IndexOf("moov") < TopLevel(after).IndexOf("mdat"));
            var oldOffsets = ChunkOffsets(original, before);
            var newOffsets = ChunkOffsets(moved, after);
            Assert.NotEmpty(oldOffsets);
            Assert.Equal(oldOffsets.Select(o => o + (ulong)plan.Index.Length), newOffsets);
            Assert.Equal(plan.Index.Length, memory.Amount);
        }
    }

    [Fact]
    public async Task An_index_nested_to_the_depth_limit_is_walked_and_one_level_more_is_refused()
    {
        using var memory = await _admission.Memory.AcquireAsync(0, CancellationToken.None);
        // Levels count under moov, where stco sits at level 5 in a real file.
        var atLimit = IsoBoxes.NestedTrakMp4(Mp4FastStart.MaxDepth);
        var past = IsoBoxes.NestedTrakMp4(Mp4FastStart.MaxDepth + 1);

        Assert.NotNull(await Mp4FastStart.PlanAsync(new MemoryStream(atLimit), 0, atLimit.Length, memory, CancellationToken.None));
        var error = await Assert.ThrowsAsync<AudioDecodeException>(() =>
            Mp4FastStart.PlanAsync(new MemoryStream(past), 0, past.Length, memory, CancellationToken.None));
        Assert.Equal(AudioDecodeFailure.Undecodable, error.Failure);
    }

    /// <summary>True when the file was reordered (and read back whole), false when it is to be read as it is.</summary>
    private async Task<bool> PlanAndReadAsync(byte[] file)
    {
        using var memory = await _admission.Memory.AcquireAsync(0, CancellationToken.None);
        using var stream = new MemoryStream(file);
        var plan = await Mp4FastStart.PlanAsync(stream, 0, file.Length, memory, CancellationToken.None);
        if (plan is null) return false;
        var total = 0L;
        var buffer = new byte[8192];
        var reordered = Mp4FastStart.Open(stream, 0, file.Length, plan);
        int read;
        while ((read = await reordered.ReadAsync(buffer)) > 0) total += read;
        Assert.Equal(file.Length, total);
        return true;
    }

    /// <summary>Mutations that know the box layout: sizes, types, counts, nesting, 64-bit sizes, duplicated and moved boxes.</summary>
    private static byte[] StructureAware(Mutator mutator, byte[] original)
    {
        var file = original.ToArray();
        var rounds = 1 + mutator.Random.Next(3);
        for (var round = 0; round < rounds; round++)
        {
            var headers = IsoBoxes.Headers(file);
            if (headers.Count == 0) return file;
            var box = headers[mutator.Random.Next(headers.Count)];
            file = mutator.Random.Next(8) switch
            {
                0 => WithSize(file, box, mutator.InterestingValue()),
                1 => WithSize(file, box, (uint)Math.Max(0, box.Size + mutator.Random.Next(-16, 17))),
                2 => WithType(file, box, BoxTypes[mutator.Random.Next(BoxTypes.Length)]),
                3 => WithTableCount(file, headers, mutator),
                4 => Nest(file, headers, box, mutator.Random.Next(1, 40)),
                5 => WithLargeSize(file, headers, box, mutator),
                6 => Duplicate(file, headers, box),
                _ => MoveToFront(file, headers, mutator),
            };
        }

        return file;
    }

    private static byte[] WithSize(byte[] file, IsoBoxes.Header box, uint size)
    {
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(box.Offset), size);
        return file;
    }

    private static byte[] WithType(byte[] file, IsoBoxes.Header box, string type)
    {
        Encoding.ASCII.GetBytes(type, file.AsSpan(box.Offset + 4, 4));
        return file;
    }

    private static byte[] WithTableCount(byte[] file, List<IsoBoxes.Header> headers, Mutator mutator)
    {
        var tables = headers.Where(h => h.Type is "stco" or "co64" && h.Size >= 16).ToList();
        if (tables.Count == 0) return file;
        var table = tables[mutator.Random.Next(tables.Count)];
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(table.Offset + 12), mutator.InterestingValue());
        return file;
    }

    /// <summary>Wraps a box in <paramref name="levels"/> trak boxes, growing every box around it to match.</summary>
    private static byte[] Nest(byte[] file, List<IsoBoxes.Header> headers, IsoBoxes.Header box, int levels)
    {
        var wrappers = new byte[8 * levels];
        for (var level = 0; level < levels; level++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(wrappers.AsSpan(8 * level), (uint)(box.Size + 8 * (levels - level)));
            Encoding.ASCII.GetBytes("trak", wrappers.AsSpan(8 * level + 4, 4));
        }

        return Inserted(file, headers, box, box.Offset, wrappers);
    }

    /// <summary>Rewrites a box header with the 64-bit size form (size field 1), true or random.</summary>
    private static byte[] WithLargeSize(byte[] file, List<IsoBoxes.Header> headers, IsoBoxes.Header box, Mutator mutator)
    {
        var large = new byte[8];
        var size = mutator.Random.Next(2) == 0 ? (ulong)box.Size + 8 : mutator.InterestingValue() * (ulong)mutator.Random.Next(1, 1 << 20);
        BinaryPrimitives.WriteUInt64BigEndian(large, size);
        var grown = Inserted(file, headers, box, box.Offset + 8, large);
        BinaryPrimitives.WriteUInt32BigEndian(grown.AsSpan(box.Offset), 1);
        return grown;
    }

    private static byte[] Duplicate(byte[] file, List<IsoBoxes.Header> headers, IsoBoxes.Header box) =>
        Inserted(file, headers, box, box.Offset + box.Size, file.AsSpan(box.Offset, box.Size).ToArray());

    private static byte[] MoveToFront(byte[] file, List<IsoBoxes.Header> headers, Mutator mutator)
    {
        var top = headers.Where(h => h.Depth == 0).ToList();
        var box = top[mutator.Random.Next(top.Count)];
        return [.. file.AsSpan(box.Offset, box.Size), .. file.AsSpan(0, box.Offset), .. file.AsSpan(box.Offset + box.Size)];
    }

    /// <summary>Inserts bytes inside <paramref name="box"/> (or at its edge) and adds their length to every box enclosing them.</summary>
    private static byte[] Inserted(byte[] file, List<IsoBoxes.Header> headers, IsoBoxes.Header box, int at, byte[] bytes)
    {
        byte[] grown = [.. file.AsSpan(0, at), .. bytes, .. file.AsSpan(at)];
        foreach (var enclosing in headers.Where(h => h.Offset < box.Offset && h.Offset + h.Size >= box.Offset + box.Size))
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(grown.AsSpan(enclosing.Offset));
            BinaryPrimitives.WriteUInt32BigEndian(grown.AsSpan(enclosing.Offset), size + (uint)bytes.Length);
        }

        return grown;
    }

    private static List<string> TopLevel(List<IsoBoxes.Header> headers) => headers.Where(h => h.Depth == 0).Select(h => h.Type).ToList();

    private static List<ulong> ChunkOffsets(byte[] file, List<IsoBoxes.Header> headers)
    {
        var offsets = new List<ulong>();
        foreach (var table in headers.Where(h => h.Type is "stco" or "co64"))
        {
            var count = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(table.Offset + 12));
            var entry = table.Type == "stco" ? 4 : 8;
            for (var i = 0; i < count; i++)
            {
                var at = file.AsSpan(table.Offset + 16 + i * entry);
                offsets.Add(entry == 4 ? BinaryPrimitives.ReadUInt32BigEndian(at) : BinaryPrimitives.ReadUInt64BigEndian(at));
            }
        }

        return offsets;
    }
}
