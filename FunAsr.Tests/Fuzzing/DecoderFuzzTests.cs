using FunAsr.AsrService.Audio;
using FunAsr.Tests.Audio;
using Xunit.Abstractions;

namespace FunAsr.Tests.Fuzzing;

/// <summary>
/// The whole decoder, ffmpeg included, on mutated files of every kind it sniffs: each decodes to finite samples within the
/// limit or is refused with <see cref="AudioDecodeException"/>; nothing else escapes, and no decode runs away.
/// Fewer cases than the in-process parsers get, because each one starts an ffmpeg process.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class DecoderFuzzTests(FuzzSeeds seeds, ITestOutputHelper output) : IClassFixture<FuzzSeeds>
{
    private const int Cases = 64;
    private static readonly string[] Files = ["tone.mp3", "index-last.m4a", "with-video.mp4", "tone.flac", "tone.ogg", "tone.webm", "s16-stereo.wav", "u8-mono.wav"];

    [Fact]
    public async Task Mutated_files_of_every_format_decode_or_are_refused_and_nothing_else()
    {
        var decoder = AudioTestSupport.CreateDecoder(maxDurationSeconds: 30,
            settings: new Dictionary<string, string?> { ["Asr:Audio:DecodeTimeout"] = "00:00:30" });
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var mutator = new Mutator(i);
            var file = mutator.Blind(seeds[Files[i % Files.Length]]);
            string outcome;
            try
            {
                var input = i % 2 == 0 ? new MemoryStream(file) : (Stream)new TrickleStream(file, 1 + mutator.Random.Next(20_000));
                var audio = await decoder.DecodeAsync(input, CancellationToken.None);
                Assert.True(audio.Duration.TotalSeconds <= 30, $"case {i}: {audio.Duration}");
                Assert.True(float.IsFinite(audio.Peak), $"case {i}: peak {audio.Peak}");
                outcome = "decoded";
            }
            catch (AudioDecodeException e)
            {
                Assert.NotEqual(AudioDecodeFailure.DecoderUnavailable, e.Failure);
                Assert.NotEqual(AudioDecodeFailure.TimedOut, e.Failure);
                outcome = e.Failure.ToString();
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Case {i} (seed {i}, {Files[i % Files.Length]}, {file.Length} bytes) threw {e}");
                return;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine(string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("decoded") > Cases / 4, "most mutations of real files still decode");
    }
}
