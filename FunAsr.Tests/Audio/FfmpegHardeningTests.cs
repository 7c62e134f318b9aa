using System.Globalization;
using System.Text;
using FunAsr.AsrService.Audio;

namespace FunAsr.Tests.Audio;

/// <summary>
/// ffmpeg only reads the upload: playlists and concat lists cannot reach a local file, it runs with bounded threads,
/// and a wall-clock limit or a cancellation kills its whole process group, even what it left behind.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FfmpegHardeningTests : IDisposable
{
    private readonly TestMedia _media = new();
    private readonly DirectoryInfo _fake = Directory.CreateTempSubdirectory("funasr-fake-ffmpeg-");

    /// <summary>A local recording an upload must not be able to make the service read.</summary>
    private string Secret() => _media.Write("secret.wav", _media.Tone("secret-source.wav", 440, 2.0, 16_000, 1, "-c:a", "pcm_s16le"));

    public static TheoryData<string, string> Playlists => new()
    {
        { "hls", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nfile://{0}\n#EXT-X-ENDLIST\n" },
        { "hls", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n{0}\n#EXT-X-ENDLIST\n" },
        { "concat", "ffconcat version 1.0\nfile 'file:{0}'\n" },
        { "concat", "ffconcat version 1.0\nfile '{0}'\n" },
        { "sdp", "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 0 RTP/AVP 0\n" },
    };

    [Theory]
    [MemberData(nameof(Playlists))]
    public async Task A_playlist_pointing_at_a_local_file_is_refused_as_an_unaccepted_format(string demuxer, string template)
    {
        var playlist = Encoding.UTF8.GetBytes(string.Format(CultureInfo.InvariantCulture, template, Secret()));

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => AudioTestSupport.CreateDecoder().DecodeAsync(playlist));

        Assert.Equal(AudioDecodeFailure.NoAudioStream, error.Failure);
        Assert.Contains($"'{demuxer}'", error.Message);
        Assert.Contains("not an accepted audio or video container", error.Message);
    }

    public static TheoryData<string, string, string> Containers => new()
    {
        { "t.ac3", "ac3", "ac3" },
        { "t.avi", "pcm_s16le", "avi" },
        { "t.wma", "wmav2", "asf" },
        { "t.aiff", "pcm_s16be", "aiff" },
        { "t.caf", "pcm_s16le", "caf" },
        { "t.ts", "mp2", "mpegts" },
        { "t.mka", "flac", "matroska,webm" },
        { "t.au", "pcm_s16be", "au" },
        { "t.3gp", "aac", "mov,mp4,m4a,3gp,3g2,mj2" },
        { "t.flv", "libmp3lame", "flv" },
    };

    [Theory]
    [MemberData(nameof(Containers))]
    public async Task Recordings_in_the_accepted_containers_still_decode(string file, string codec, string format)
    {
        var bytes = _media.Tone(file, 1000, 1.0, 48_000, 1, "-c:a", codec);

        var audio = await AudioTestSupport.CreateDecoder().DecodeAsync(bytes);

        Assert.Equal(format, audio.SourceFormat);
        Assert.Equal(1.0, audio.Duration.TotalSeconds, 0.1);
        Assert.True(SignalAnalysis.EnergyShareAt(audio.Samples, 1000) > 0.9);
    }

    [Fact]
    public async Task Ffmpeg_is_told_its_protocols_demuxers_threads_and_allocation_limit()
    {
        var folder = FakeFfmpeg("printf '%s\\n' \"$@\" > \"$here/args\"");

        await Assert.ThrowsAsync<AudioDecodeException>(() => Decoder(folder).DecodeAsync(new byte[1000]));

        var args = File.ReadAllLines(Path.Combine(folder, "args"));
        Assert.Equal("pipe", After(args, "-protocol_whitelist"));
        Assert.Equal(FfmpegPcmDecoder.AllowedDemuxers, After(args, "-format_whitelist"));
        Assert.DoesNotContain("hls", After(args, "-format_whitelist").Split(','));
        Assert.DoesNotContain("concat", After(args, "-format_whitelist").Split(','));
        Assert.Equal("1", After(args, "-threads"));
        Assert.Equal("1", After(args, "-filter_threads"));
        Assert.Equal(FfmpegPcmDecoder.MaxAllocationBytes.ToString(CultureInfo.InvariantCulture), After(args, "-max_alloc"));
        Assert.True(Array.IndexOf(args, "-protocol_whitelist") < Array.IndexOf(args, "-i"), "input options come before -i");
    }

    [Fact]
    public async Task Past_the_decode_timeout_ffmpeg_and_what_it_left_behind_are_killed()
    {
        var folder = FakeFfmpeg(LeaveAnOrphanAndHang);

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() =>
            Decoder(folder, ("Asr:Audio:DecodeTimeout", "00:00:01")).DecodeAsync(new byte[1000]));

        Assert.Equal(AudioDecodeFailure.TimedOut, error.Failure);
        Assert.Contains("Asr:Audio:DecodeTimeout", error.Message);
        await AssertGoneAsync(Pid(folder, "orphan"));
        await AssertGoneAsync(Pid(folder, "self"));
    }

    [Fact]
    public async Task Cancelling_kills_ffmpeg_and_what_it_left_behind()
    {
        var folder = FakeFfmpeg(LeaveAnOrphanAndHang);
        using var cancel = new CancellationTokenSource();
        var decoding = Decoder(folder).DecodeAsync(new MemoryStream(new byte[1000]), cancel.Token);
        await WaitForFileAsync(Path.Combine(folder, "self"));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decoding);
        await AssertGoneAsync(Pid(folder, "orphan"));
        await AssertGoneAsync(Pid(folder, "self"));
    }

    [Fact]
    public async Task An_ffmpeg_that_cannot_be_executed_is_reported_as_unavailable()
    {
        var folder = FakeFfmpeg("exit 0");
        File.SetUnixFileMode(Path.Combine(folder, "ffmpeg"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => Decoder(folder).DecodeAsync(new byte[1000]));

        Assert.Equal(AudioDecodeFailure.DecoderUnavailable, error.Failure);
    }

    // A double fork leaves a process that is no longer ffmpeg's descendant but still in its process group.
    private const string LeaveAnOrphanAndHang =
        "(sleep 300 & echo $! > \"$here/orphan.tmp\"; mv \"$here/orphan.tmp\" \"$here/orphan\") &\n" +
        "while [ ! -f \"$here/orphan\" ]; do sleep 0.05; done\n" +
        "echo $$ > \"$here/self.tmp\"; mv \"$here/self.tmp\" \"$here/self\"\n" +
        "exec sleep 301";

    private string FakeFfmpeg(string body)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_fake.FullName, Guid.NewGuid().ToString("N"))).FullName;
        var script = Path.Combine(folder, "ffmpeg");
        File.WriteAllText(script, $"#!/bin/sh\nhere=\"$(dirname \"$0\")\"\n{body}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private static IAudioDecoder Decoder(string ffmpegFolder, params (string Key, string Value)[] settings) =>
        AudioTestSupport.CreateDecoder(settings: settings.Append((Key: "Asr:Audio:FfmpegPath", Value: ffmpegFolder))
            .ToDictionary(s => s.Key, s => (string?)s.Value));

    private static string After(string[] args, string option) => args[Array.IndexOf(args, option) + 1];

    private static int Pid(string folder, string name) => int.Parse(File.ReadAllText(Path.Combine(folder, name)).Trim(), CultureInfo.InvariantCulture);

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 200 && !File.Exists(path); i++) await Task.Delay(25);
        Assert.True(File.Exists(path), $"{path} was never written");
    }

    /// <summary>Dead: no longer listed, or a zombie waiting for a parent that is not ours to reap it.</summary>
    private static async Task AssertGoneAsync(int pid)
    {
        for (var i = 0; i < 100 && Alive(pid); i++) await Task.Delay(50);
        Assert.False(Alive(pid), $"process {pid} survived");
    }

    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _media.Dispose();
        _fake.Delete(recursive: true);
    }
}
