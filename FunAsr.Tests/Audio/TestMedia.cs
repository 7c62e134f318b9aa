using System.Diagnostics;

namespace FunAsr.Tests.Audio;

/// <summary>Generates media with the ffmpeg CLI into a private folder that is deleted afterwards.</summary>
public sealed class TestMedia : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("funasr-audio-test-");

    /// <summary>Runs ffmpeg with the given arguments, the last being the output file name inside the folder; returns its bytes.</summary>
    public byte[] Ffmpeg(params string[] arguments)
    {
        var output = Path.Combine(_folder.FullName, arguments[^1]);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-y" }) start.ArgumentList.Add(argument);
        foreach (var argument in arguments[..^1]) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(output);

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ffmpeg {string.Join(' ', arguments)} did not finish");
        }

        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {error.Result}");
        return File.ReadAllBytes(output);
    }

    /// <summary>A sine tone of the given frequency, duration, rate and channel count, encoded by extension (and codec arguments).</summary>
    public byte[] Tone(string fileName, double frequency, double seconds, int sampleRate = 44_100, int channels = 2, params string[] codec) =>
        Ffmpeg([
            "-f", "lavfi", "-i", FormattableString.Invariant($"sine=frequency={frequency}:duration={seconds}:sample_rate={sampleRate}"),
            "-af", channels == 1 ? "volume=4" : "volume=4,pan=stereo|c0=c0|c1=c0",
            .. codec, fileName]);

    /// <summary>Writes bytes into the folder (e.g. an input for <see cref="Ffmpeg"/>) and returns the full path.</summary>
    public string Write(string fileName, byte[] bytes)
    {
        var path = Path.Combine(_folder.FullName, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
