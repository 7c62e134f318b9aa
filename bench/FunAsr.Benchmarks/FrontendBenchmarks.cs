using BenchmarkDotNet.Attributes;
using FunAsr.AsrService.Features;
using FunAsr.AsrService.Vad;

namespace FunAsr.Benchmarks;

/// <summary>Front-end cost on 60 s of 16 kHz audio, single thread: fbank (both edge modes), LFR+CMVN, energy VAD.</summary>
[MemoryDiagnoser]
[AudioSeconds(Seconds)]
public class FrontendBenchmarks
{
    private const int Seconds = 60;
    private const int SampleRate = 16000;

    private readonly KaldiFbank _snip = new(new FbankOptions { SnipEdges = true });
    private readonly KaldiFbank _reflect = new(new FbankOptions { SnipEdges = false });
    private readonly EnergyVoiceActivityDetector _energyVad = new(new VadOptions());
    private float[] _audio = [];
    private float[] _fbankOut = [];
    private float[] _features = [];
    private float[] _lfrOut = [];
    private int _frames;
    private Cmvn _cmvn = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Speech-like: voiced harmonics that glide, syllable-rate amplitude, a little noise, and pauses.
        var random = new Random(42);
        _audio = new float[Seconds * SampleRate];
        for (int i = 0; i < _audio.Length; i++)
        {
            double t = (double)i / SampleRate;
            double f0 = 120 + 30 * Math.Sin(2 * Math.PI * 0.7 * t);
            double syllable = Math.Max(0, Math.Sin(2 * Math.PI * 4 * t)) * (t % 5 < 4 ? 1 : 0);
            double voiced = Math.Sin(2 * Math.PI * f0 * t) + 0.5 * Math.Sin(4 * Math.PI * f0 * t) + 0.25 * Math.Sin(6 * Math.PI * f0 * t);
            _audio[i] = (float)(0.2 * syllable * voiced + 0.003 * (random.NextDouble() - 0.5));
        }

        _frames = _snip.FrameCount(_audio.Length);
        _fbankOut = new float[Math.Max(_frames, _reflect.FrameCount(_audio.Length)) * 80];
        _features = _snip.Compute(_audio);
        _lfrOut = new float[LowFrameRate.OutputFrameCount(_frames, 6) * 560];
        var shift = Enumerable.Range(0, 560).Select(i => -10f - i % 7).ToArray();
        var scale = Enumerable.Range(0, 560).Select(i => 0.2f + i % 5 * 0.01f).ToArray();
        _cmvn = new Cmvn(shift, scale);
    }

    [Benchmark(Description = "fbank 80, snip_edges=true")]
    public void FbankSnipEdges() => _snip.Compute(_audio, _fbankOut);

    [Benchmark(Description = "fbank 80, snip_edges=false")]
    public void FbankReflectEdges() => _reflect.Compute(_audio, _fbankOut);

    [Benchmark(Description = "LFR 7/6 + CMVN")]
    public void LfrAndCmvn()
    {
        LowFrameRate.Apply(_features, _frames, 80, 7, 6, _lfrOut);
        _cmvn.ApplyInPlace(_lfrOut);
    }

    [Benchmark(Description = "fbank + LFR + CMVN")]
    public void WholeFrontEnd()
    {
        _snip.Compute(_audio, _fbankOut);
        LowFrameRate.Apply(_fbankOut, _frames, 80, 7, 6, _lfrOut);
        _cmvn.ApplyInPlace(_lfrOut);
    }

    [Benchmark(Description = "energy VAD")]
    public IReadOnlyList<SpeechSpan> EnergyVad() => _energyVad.Detect(_audio, CancellationToken.None);
}
