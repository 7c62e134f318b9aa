using FunAsr.Tests.Audio;

namespace FunAsr.Tests.Fuzzing;

/// <summary>Small real files made by ffmpeg once per test class: the seeds every mutation starts from.</summary>
public sealed class FuzzSeeds : IDisposable
{
    private readonly TestMedia _media = new();
    private readonly Dictionary<string, byte[]> _files = [];

    public byte[] this[string name]
    {
        get
        {
            lock (_files)
            {
                if (!_files.TryGetValue(name, out var bytes)) _files[name] = bytes = Make(name);
                return bytes;
            }
        }
    }

    /// <summary>MP4-family files: index last (as ffmpeg and most recorders write it), index first, with video, QuickTime, 3GP.</summary>
    public byte[][] IsoMedia => new[] { "index-last.m4a", "faststart.m4a", "with-video.mp4", "quicktime.mov", "phone.3gp" }.Select(n => this[n]).ToArray();

    public byte[][] Wavs => new[] { "s16-stereo.wav", "u8-mono.wav", "f32-mono.wav", "s24-six.wav", "s16-tagged.wav" }.Select(n => this[n]).ToArray();

    private byte[] Make(string name) => name switch
    {
        "index-last.m4a" => Tone(name, "-c:a", "aac", "-b:a", "32k"),
        "faststart.m4a" => Tone(name, "-c:a", "aac", "-b:a", "32k", "-movflags", "+faststart"),
        "with-video.mp4" => _media.Ffmpeg("-f", "lavfi", "-i", "testsrc=duration=0.5:size=32x24:rate=5", "-f", "lavfi", "-i",
            "sine=frequency=440:duration=0.5", "-c:v", "libx264", "-c:a", "aac", "-b:a", "32k", "-shortest", name),
        "quicktime.mov" => Tone(name, "-c:a", "pcm_s16le"),
        "phone.3gp" => Tone(name, "-c:a", "aac", "-ar", "16000", "-b:a", "24k"),
        "s16-stereo.wav" => _media.Tone(name, 440, 0.2, 22_050, 2, "-c:a", "pcm_s16le"),
        "u8-mono.wav" => _media.Tone(name, 440, 0.2, 8_000, 1, "-c:a", "pcm_u8"),
        "f32-mono.wav" => _media.Tone(name, 440, 0.2, 16_000, 1, "-c:a", "pcm_f32le"),
        "s24-six.wav" => _media.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=0.1:sample_rate=48000", "-af",
            "pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0", "-c:a", "pcm_s24le", name),
        "s16-tagged.wav" => _media.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=0.2:sample_rate=44100", "-metadata",
            "title=fuzz seed", "-metadata", "artist=someone", "-c:a", "pcm_s16le", name),
        "tone.mp3" => Tone(name, "-c:a", "libmp3lame", "-b:a", "32k"),
        "tagged.mp3" => _media.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=0.5", "-metadata", "title=fuzz seed",
            "-id3v2_version", "3", "-c:a", "libmp3lame", "-b:a", "32k", name),
        "mono.mp3" => _media.Tone(name, 440, 0.5, 22_050, 1, "-c:a", "libmp3lame", "-b:a", "24k"),
        "tone.flac" => Tone(name, "-c:a", "flac"),
        "tone.ogg" => Tone(name, "-c:a", "libopus", "-b:a", "24k"),
        "tone.webm" => Tone(name, "-c:a", "libopus", "-b:a", "24k"),
        _ => throw new ArgumentException($"No seed called {name}", nameof(name)),
    };

    private byte[] Tone(string name, params string[] codec) => _media.Tone(name, 440, 0.5, 44_100, 1, codec);

    public void Dispose() => _media.Dispose();
}
