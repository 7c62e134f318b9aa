using FunAsr.AsrService.Nano;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;

namespace FunAsr.Tests.Nano;

/// <summary>Samples → Nano fbank (snip_edges=true, int16 scale) → padded LFR 7/6 → LLM, with the engine's energy VAD.</summary>
public sealed class NanoAudioPathTests
{
    private const int Rate = AudioClip.EngineSampleRate;

    [Fact]
    public void One_second_gives_98_fbank_frames_and_17_lfr_frames_as_official_fun_asr()
    {
        // snip_edges=true: 1 + (16000 - 400) / 160 = 98 frames; padded LFR: ceil(98 / 6) = 17 rows.
        using var model = NanoLlmModel.Load(NanoFixtures.Fp32Folder);
        var features = new NanoFbankFeatures(model).Extract(Tone(Rate, 440));
        Assert.Equal(17, features.Frames);
        Assert.Equal(17 * 560, features.Values.Length);
        Assert.All(features.Values, v => Assert.True(float.IsFinite(v)));
        // LFR row 0 is left-padded with copies of fbank frame 0: the first three 80-dim blocks are equal.
        Assert.Equal(features.Values.AsSpan(0, 80).ToArray(), features.Values.AsSpan(160, 80).ToArray());
    }

    [Fact]
    public async Task Forty_seconds_of_audio_are_split_by_the_energy_vad_and_decoded_from_fbank_features()
    {
        var samples = new float[40 * Rate];
        Tone(14 * Rate, 300).CopyTo(samples, 2 * Rate);
        Tone(17 * Rate, 700).CopyTo(samples, 20 * Rate);
        using var recognizer = NanoLlmRecognizer.Load(NanoFixtures.Fp16Folder, new NanoLlmOptions { MaxNewTokens = 10 });
        var segments = new EnergyVoiceActivityDetector(new VadOptions()).Detect(samples, CancellationToken.None);

        var result = await recognizer.RecognizeAsync(new AudioClip(samples) { Segments = segments },
            new RecognitionOptions { Language = "en", Itn = false }, CancellationToken.None);

        Assert.Equal(2, result.Segments.Count);
        Assert.InRange(result.Segments[0].Start, 1.5, 2.05);
        Assert.InRange(result.Segments[0].End, 15.95, 16.5);
        Assert.InRange(result.Segments[1].Start, 19.5, 20.05);
        Assert.InRange(result.Segments[1].End, 36.95, 37.5);
        using var model = NanoLlmModel.Load(NanoFixtures.Fp16Folder);
        var extractor = new NanoFbankFeatures(model);
        foreach (var segment in result.Segments)
        {
            var span = samples.AsSpan((int)Math.Round(segment.Start * Rate), (int)Math.Round((segment.End - segment.Start) * Rate));
            var features = extractor.Extract(span);
            var alone = new NanoLlmDecoder(model).Decode(features.Values, features.Frames, new NanoDecodeSettings([], "英文", false, 10, true), CancellationToken.None);
            Assert.NotEmpty(alone.TokenIds);
            Assert.Equal(model.Tokenizer.Decode(alone.TokenIds).Trim(), segment.Text);
        }
    }

    private static float[] Tone(int length, double frequency)
    {
        var samples = new float[length];
        for (var i = 0; i < length; i++)
        {
            samples[i] = (float)(0.25 * Math.Sin(2 * Math.PI * frequency * i / Rate));
        }

        return samples;
    }
}
