using System.Buffers.Binary;
using FunAsr.AsrService.Audio;
using FunAsr.Tests.Audio;
using Xunit.Abstractions;

namespace FunAsr.Tests.Fuzzing;

/// <summary>
/// The in-process WAV path (header parser, PCM reader, streaming resampler) on thousands of mutated real files: every one
/// is handed to ffmpeg, decoded within the limit to finite samples, or refused with a decode error.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class WavFuzzTests(FuzzSeeds seeds, ITestOutputHelper output) : IClassFixture<FuzzSeeds>
{
    private const int Cases = 5000;
    private const double LimitSeconds = 2;
    private static readonly int[] Rates = [0, 1, 999, 1_000, 8_000, 11_025, 16_000, 44_100, 48_000, 96_001, 768_000, 768_001, int.MaxValue, -1];
    private static readonly ushort[] FormatTags = [0, 1, 2, 3, 6, 7, 0xFFFE, 0xFFFF];
    private static readonly ushort[] Bits = [0, 1, 7, 8, 12, 16, 24, 32, 64, 65535];

    [Fact]
    public async Task Mutated_wavs_are_decoded_within_the_limit_or_refused_and_nothing_else()
    {
        var originals = seeds.Wavs;
        int decoded = 0, refused = 0, toFfmpeg = 0;
        var limit = new DurationLimit(LimitSeconds, "fuzz", null);
        for (var i = 0; i < Cases; i++)
        {
            var mutator = new Mutator(i);
            var original = originals[i % originals.Length];
            var file = i % 2 == 0 ? mutator.Blind(original) : StructureAware(mutator, original);
            try
            {
                var head = file.AsSpan(0, Math.Min(file.Length, 1 << 16)).ToArray();
                if (WavHeader.TryParse(head) is not { } header)
                {
                    toFfmpeg++;
                    continue;
                }

                var samples = 0L;
                var writer = new DecodedSampleWriter((chunk, _) =>
                {
                    samples += chunk.Length;
                    return ValueTask.CompletedTask;
                }, limit.MaxSamples);
                var data = new ReplayReadStream(head.AsMemory(header.DataOffset), new TrickleStream(file[head.Length..], 1 + mutator.Random.Next(5000)));
                try
                {
                    await WavPcmReader.ReadAsync(header, data, writer, limit, CancellationToken.None);
                    decoded++;
                }
                catch (AudioDecodeException e) when (e.Failure is AudioDecodeFailure.TooLong or AudioDecodeFailure.Undecodable)
                {
                    refused++;
                }

                Assert.True(samples <= limit.MaxSamples, $"case {i}: {samples} samples passed the limit");
                Assert.True(float.IsFinite(writer.Peak), $"case {i}: peak {writer.Peak}");
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Case {i} (seed {i}, {file.Length} bytes, from seed file {i % originals.Length}) threw {e}");
            }
        }

        output.WriteLine($"{Cases} cases: {decoded} decoded in-process, {refused} refused, {toFfmpeg} left to ffmpeg");
        Assert.True(decoded > Cases / 10, $"{decoded} decoded");
        Assert.True(toFfmpeg > Cases / 10, $"{toFfmpeg} left to ffmpeg");
        Assert.True(refused > 0, "none refused");
    }

    /// <summary>Mutations that know the RIFF layout: the fmt fields, chunk sizes, extra chunks, the data size.</summary>
    private static byte[] StructureAware(Mutator mutator, byte[] original)
    {
        var file = original.ToArray();
        var fmt = Chunk(file, "fmt "u8);
        var data = Chunk(file, "data"u8);
        if (fmt < 0 || data < 0) return mutator.Blind(file);
        var random = mutator.Random;
        switch (random.Next(9))
        {
            case 0:
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(fmt + 12), Rates[random.Next(Rates.Length)]);
                break;
            case 1:
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(fmt + 10), (ushort)random.Next(0, 70));
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(fmt + 8), FormatTags[random.Next(FormatTags.Length)]);
                break;
            case 3:
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(fmt + 22), Bits[random.Next(Bits.Length)]);
                break;
            case 4:
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(fmt + 20), (ushort)random.Next(0, 600));
                break;
            case 5:
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(data + 4), mutator.InterestingValue());
                break;
            case 6:
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(fmt + 4), mutator.InterestingValue());
                break;
            case 7:
                // A chunk of any id and size before the data, as LIST/fact/bext chunks sit there in real files.
                var extra = new byte[8 + random.Next(0, 64)];
                random.NextBytes(extra);
                BinaryPrimitives.WriteUInt32LittleEndian(extra.AsSpan(4), random.Next(2) == 0 ? (uint)(extra.Length - 8) : mutator.InterestingValue());
                file = [.. file.AsSpan(0, data), .. extra, .. file.AsSpan(data)];
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), mutator.InterestingValue());
                break;
        }

        return file;
    }

    /// <summary>Where a chunk's id starts, walking the chunks as a reader would (-1 when absent).</summary>
    private static int Chunk(byte[] file, ReadOnlySpan<byte> id)
    {
        var position = 12;
        while (position + 8 <= file.Length)
        {
            if (file.AsSpan(position, 4).SequenceEqual(id)) return position;
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 4));
            var next = (long)position + 8 + size + (size & 1);
            if (next > file.Length) return -1;
            position = (int)next;
        }

        return -1;
    }
}
