using System.Diagnostics;
using System.Text;
using FunAsr.AsrService.Audio;
using Xunit.Abstractions;

namespace FunAsr.Tests.Fuzzing;

/// <summary>
/// The small parsers: the mp3 Xing/Info header behind its ID3 tag, and ffmpeg's log (which echoes the file's own metadata,
/// so its text is partly the uploader's). Mutated real input never makes either throw.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class HeaderAndLogFuzzTests(FuzzSeeds seeds, ITestOutputHelper output) : IClassFixture<FuzzSeeds>
{
    [Fact]
    public void Mutated_mp3_heads_give_a_sane_header_or_none_and_never_throw()
    {
        var originals = new[] { seeds["tone.mp3"], seeds["tagged.mp3"], seeds["mono.mp3"] };
        Assert.All(originals, o => Assert.NotNull(Mp3InfoHeader.TryParse(o)));
        var found = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var mutator = new Mutator(i);
            var head = i % 2 == 0 ? mutator.Blind(originals[i % 3]) : Id3Aware(mutator, originals[i % 3]);
            head = head[..Math.Min(head.Length, 1 << 16)];
            Mp3InfoHeader? info;
            try
            {
                info = Mp3InfoHeader.TryParse(head);
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {i} (seed {i}) threw {e}");
                return;
            }

            if (info is null) continue;
            found++;
            Assert.True(info.StreamBytes > 0 && info.Frames > 0 && info.StreamOffset >= 0, $"case {i}: {info}");
            Assert.Contains(info.SampleRate, new[] { 8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000 });
        }

        output.WriteLine($"20000 cases: {found} still carried a Xing/Info header");
        Assert.InRange(found, 1, 19_999);
    }

    [Fact]
    public void Mutated_ffmpeg_logs_parse_without_throwing()
    {
        var logs = RealLogs();
        var parsed = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var mutator = new Mutator(i);
            var lines = Mutate(mutator, logs[i % logs.Count]);
            try
            {
                var log = FfmpegLog.Parse(lines);
                foreach (var line in lines)
                {
                    _ = FfmpegLog.DeclaredSeconds(line);
                    _ = FfmpegLog.StartsOutput(line);
                }

                if (log.InputFormat is not null) parsed++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {i} (seed {i}) threw {e}");
            }
        }

        Assert.True(parsed > 1_000, $"{parsed} logs still named their input");
    }

    [Fact]
    public void The_declared_duration_is_read_from_the_input_header_only()
    {
        Assert.Equal(14_400, FfmpegLog.DeclaredSeconds("[info]   Duration: 04:00:00.00, start: 0.000000, bitrate: N/A"));
        Assert.Equal(2.04, FfmpegLog.DeclaredSeconds("[info]   Duration: 00:00:02.04, bitrate: N/A")!.Value, 1e-9);
        Assert.Null(FfmpegLog.DeclaredSeconds("[info]   Duration: N/A, start: 0.000000, bitrate: N/A"));
        // A metadata tag called Duration is indented further and padded before its colon.
        Assert.Null(FfmpegLog.DeclaredSeconds("[info]     Duration        : 99:00:00.00, yes"));
        Assert.Null(FfmpegLog.DeclaredSeconds("[info]       : Duration: 99:00:00.00,"));
        Assert.True(FfmpegLog.StartsOutput("[info] Output #0, f32le, to 'pipe:1':"));
    }

    private static byte[] Id3Aware(Mutator mutator, byte[] original)
    {
        var bytes = original.ToArray();
        if (bytes.Length < 10) return bytes;
        if (bytes[0] != 'I')
        {
            // Put a tag in front: a real ID3v2 header of random (syncsafe or not) size.
            var tag = new byte[10 + mutator.Random.Next(0, 200)];
            "ID3"u8.CopyTo(tag);
            tag[3] = 3;
            bytes = [.. tag, .. bytes];
        }

        switch (mutator.Random.Next(4))
        {
            case 0:
                for (var i = 6; i < 10; i++) bytes[i] = (byte)mutator.Random.Next(256);
                break;
            case 1:
                bytes[5] ^= 0x10;
                break;
            case 2:
                for (var i = 6; i < 10; i++) bytes[i] = 0x7F;
                break;
            default:
                bytes[6] = bytes[7] = bytes[8] = 0;
                bytes[9] = (byte)mutator.Random.Next(128);
                break;
        }

        return bytes;
    }

    /// <summary>Lines ffmpeg really printed for a few seed files, metadata and errors included.</summary>
    private List<string[]> RealLogs()
    {
        var logs = new List<string[]>();
        foreach (var name in new[] { "tagged.mp3", "index-last.m4a", "tone.webm", "s16-tagged.wav", "with-video.mp4" })
        {
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-hide_banner", "-nostats", "-loglevel", "level+info", "-i", "pipe:0", "-ac", "1", "-ar", "16000", "-f", "f32le", "pipe:1" })
                start.ArgumentList.Add(a);
            using var ffmpeg = Process.Start(start)!;
            var stderr = ffmpeg.StandardError.ReadToEndAsync();
            var stdout = ffmpeg.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            ffmpeg.StandardInput.BaseStream.Write(seeds[name]);
            ffmpeg.StandardInput.Close();
            stdout.Wait();
            ffmpeg.WaitForExit();
            logs.Add(stderr.Result.Split('\n'));
        }

        logs.Add(["[png_pipe @ 0x55] [error] Format not on whitelist 'aac,mov'", "[error] pipe:0: Invalid argument"]);
        return logs;
    }

    private static readonly string[] Fragments =
    [
        "Stream #0:99999999999999: Audio: x, 99999999999999 Hz, 99999999999 channels", "Stream #0:0 -> #0:0 (",
        "Input #0, ", ", from '", "  Duration: 999999999:59:59.999999,", "[error] ", "[warning] ", "[x @ 0x1] [error] Format not on whitelist",
        "Output #0, ", " Hz, ", "(", ")", ":", "\u0000", "\u202e", new string('9', 400),
    ];

    private static string[] Mutate(Mutator mutator, string[] lines)
    {
        var copy = lines.ToList();
        for (var round = 0; round < 1 + mutator.Random.Next(6); round++)
        {
            var at = mutator.Random.Next(copy.Count + 1);
            var fragment = Fragments[mutator.Random.Next(Fragments.Length)];
            switch (mutator.Random.Next(4))
            {
                case 0:
                    copy.Insert(at, fragment);
                    break;
                case 1 when copy.Count > 0:
                    var line = copy[Math.Min(at, copy.Count - 1)];
                    var position = mutator.Random.Next(line.Length + 1);
                    copy[Math.Min(at, copy.Count - 1)] = line[..position] + fragment + line[position..];
                    break;
                case 2 when copy.Count > 0:
                    var victim = copy[Math.Min(at, copy.Count - 1)];
                    var bytes = Encoding.UTF8.GetBytes(victim);
                    copy[Math.Min(at, copy.Count - 1)] = Encoding.UTF8.GetString(mutator.Blind(bytes));
                    break;
                default:
                    if (copy.Count > 0) copy.RemoveAt(Math.Min(at, copy.Count - 1));
                    break;
            }
        }

        return [.. copy];
    }
}
