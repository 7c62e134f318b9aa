namespace FunAsr.AsrService.Audio;

/// <summary>Finds the ffmpeg executable from <see cref="AudioOptions.FfmpegPath"/> or PATH.</summary>
internal static class FfmpegLocator
{
    private const string InstallHint = "install it with `apt-get install ffmpeg` (Debian/Ubuntu) or set Asr:Audio:FfmpegPath";

    public static string ExecutableName => OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";

    /// <summary>The full path of ffmpeg, or a message that says where it was looked for and how to get it.</summary>
    public static (string? Path, string? Problem) Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var candidate = Directory.Exists(configured) ? Path.Combine(configured, ExecutableName) : configured;
            if (!File.Exists(candidate)) return (null, $"ffmpeg was not found at '{candidate}'; {InstallHint}.");
            if (!string.Equals(Path.GetFileName(candidate), ExecutableName, StringComparison.OrdinalIgnoreCase))
                return (null, $"Asr:Audio:FfmpegPath must name the '{ExecutableName}' executable or its folder, not '{candidate}'.");
            return (Path.GetFullPath(candidate), null);
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, ExecutableName);
            if (File.Exists(candidate)) return (Path.GetFullPath(candidate), null);
        }

        return (null, $"ffmpeg was not found on PATH; {InstallHint}.");
    }
}
