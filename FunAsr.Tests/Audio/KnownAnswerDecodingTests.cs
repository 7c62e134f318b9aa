using FunAsr.AsrService.Audio;
using FunAsr.Tests.Engine;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Audio;

/// <summary>
/// End to end through the real decoder: tone words (models/testing/known-answer) encoded by ffmpeg into lossy and
/// container formats at 44.1/48 kHz stereo, decoded to 16 kHz mono, recognised by the known-answer model.
/// </summary>
public sealed class KnownAnswerDecodingTests : IDisposable
{
    private const string Sentence = "今天 天气 很好 。 | ▁hello ▁world";
    private readonly TestMedia _media = new();
    private readonly IAudioDecoder _decoder = AudioTestSupport.CreateDecoder();

    public static TheoryData<string, string[]> Encodings => new()
    {
        { "words.mp3", ["-ar", "44100", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k"] },
        { "words.m4a", ["-ar", "44100", "-ac", "2", "-c:a", "aac", "-b:a", "128k"] },
        { "words.opus.ogg", ["-ar", "48000", "-ac", "2", "-c:a", "libopus", "-b:a", "64k"] },
        { "words.vorbis.ogg", ["-ar", "44100", "-ac", "2", "-c:a", "libvorbis"] },
        { "words.webm", ["-ar", "48000", "-ac", "1", "-c:a", "libopus"] },
        { "words.flac", ["-ar", "22050", "-ac", "2"] },
        { "words.48k.wav", ["-ar", "48000", "-ac", "2", "-c:a", "pcm_s24le"] },
        { "words.8k.wav", ["-ar", "8000", "-ac", "2", "-c:a", "pcm_s16le"] },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Tone_words_survive_encoding_and_decode_to_the_exact_text_and_times(string file, string[] encoding)
    {
        var spoken = ToneWords.Synthesize(Sentence);
        var source = _media.Write("words.source.wav", spoken.ToWav());
        var bytes = _media.Ffmpeg(["-i", source, .. encoding, file]);
        await using var engine = EngineHarness.Create();

        var audio = await _decoder.DecodeAsync(bytes);
        var result = await engine.RecognizeAsync(audio.Samples);

        Assert.Equal("今天天气很好。 hello world", result.Text);
        Assert.Equal("<|zh|><|NEUTRAL|><|Speech|><|withitn|>今天天气很好。 hello world", result.RichText);
        Assert.Equal(spoken.DurationSeconds, audio.Duration.TotalSeconds, 0.060);
        var tokens = Assert.Single(result.Segments).Tokens;
        Assert.Equal(spoken.Tokens.Count, tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
            Assert.InRange(tokens[i].Start, spoken.Tokens[i].Start - 0.060, spoken.Tokens[i].Start + 0.060);
    }

    public void Dispose() => _media.Dispose();
}
