using System.Buffers;
using FunAsr.AsrService.Features;

namespace FunAsr.AsrService.Nano;

/// <summary>
/// The Nano front end as official Fun-ASR runs it: Kaldi fbank with snip_edges=true, samples scaled to the int16 range
/// unless the encoder's normalize_samples says otherwise, then FunASR's padded LFR 7/6 (3 copies of frame 0 before, the
/// last frame repeated, ceil(T/6) rows; FR funasr/frontends/wav_frontend.py, FA funasr-cli.cpp:33-75). sherpa-onnx's
/// Nano-LLM path uses snip_edges=false and unpadded (T-7)/6+1 rows instead, which the model was not trained on. No CMVN.
/// </summary>
public sealed class NanoFbankFeatures : INanoFeatureExtractor
{
    private const int MelBins = 80;

    private readonly KaldiFbank _fbank;
    private readonly int _window;
    private readonly int _shift;

    public NanoFbankFeatures(NanoLlmModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _fbank = new KaldiFbank(new FbankOptions { NumMelBins = MelBins, SnipEdges = true, ScaleToInt16 = !model.NormalizeSamples });
        _window = model.LfrWindowSize;
        _shift = model.LfrWindowShift;
        if (_window * MelBins != 560)
        {
            throw new NanoModelException($"encoder_adaptor.onnx metadata lfr_window_size={_window} does not give the 560-dim input the encoder takes.");
        }
    }

    public NanoFeatures Extract(ReadOnlySpan<float> samples)
    {
        var fbankFrames = _fbank.FrameCount(samples.Length);
        var frames = LowFrameRate.OutputFrameCount(fbankFrames, _shift);
        var values = new float[frames * _window * MelBins];
        if (fbankFrames == 0)
        {
            return new NanoFeatures(values, 0);
        }

        var fbank = ArrayPool<float>.Shared.Rent(fbankFrames * MelBins);
        try
        {
            _fbank.Compute(samples, fbank.AsSpan(0, fbankFrames * MelBins));
            LowFrameRate.Apply(fbank.AsSpan(0, fbankFrames * MelBins), fbankFrames, MelBins, _window, _shift, values);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(fbank);
        }

        return new NanoFeatures(values, frames);
    }
}
