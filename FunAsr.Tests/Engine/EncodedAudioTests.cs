using System.Diagnostics;
using FunAsr.AsrService.Audio;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Engine;

/// <summary>Tone words encoded by ffmpeg, decoded by the service's audio decoder, recognised by the engine.</summary>
public sealed class EncodedAudioTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("funasr-encoded-");

    [Theory]
    [InlineData("mp3", "libmp3lame")]
    [InlineData("m4a", "aac")]
    [InlineData("ogg", "libopus")]
    public async Task Lossy_encodings_give_the_exact_text_tags_and_token_starts(string extension, string codec)
    {
        var audio = ToneWords.Synthesize("▁hello ▁world | 我们 一起 学习 | ▁caf <0xC3> <0xA9>");
        var wav = Path.Combine(_scratch.FullName, "tones.wav");
        audio.WriteWav(wav);
        var encoded = Path.Combine(_scratch.FullName, $"tones.{extension}");
        await EncodeAsync(wav, encoded, codec);
        using var services = new ServiceCollection().AddLogging().AddAudioDecoding(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var decoder = services.GetRequiredService<IAudioDecoder>();
        await using var engine = EngineHarness.Create();

        await using var stream = File.OpenRead(encoded);
        var decoded = await decoder.DecodeAsync(stream, CancellationToken.None);
        var result = await engine.RecognizeAsync(decoded.Samples);

        Assert.Equal("hello world我们一起学习 café", result.Text);
        Assert.Equal("<|en|><|NEUTRAL|><|Speech|><|withitn|>hello world我们一起学习 café", result.RichText);
        var tokens = result.Segments.SelectMany(s => s.Tokens).ToList();
        Assert.Equal(["hello", "world", "我们", "一起", "学习", "caf", "é"], tokens.Select(t => t.Text));
        double[] starts = [.. audio.Tokens.Where(t => t.Piece != "<0xA9>").Select(t => t.Start)];
        for (var i = 0; i < tokens.Count; i++)
        {
            Assert.InRange(tokens[i].Start, starts[i] - 0.060, starts[i] + 0.060);
        }
    }

    private static async Task EncodeAsync(string input, string output, string codec)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            ArgumentList = { "-nostdin", "-loglevel", "error", "-y", "-i", input, "-c:a", codec, "-b:a", "64k", output },
            RedirectStandardError = true,
        };
        using var ffmpeg = Process.Start(start)!;
        var errors = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg -c:a {codec} failed: {errors}");
    }

    public void Dispose() => _scratch.Delete(recursive: true);
}
