using System.Buffers;
using FunAsr.AsrService.Features;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;

namespace FunAsr.AsrService.Recognition;

/// <summary>Samples → the model's input features: Kaldi fbank, LFR stacking, then CMVN where the family has it.</summary>
public sealed class SpeechFeatureExtractor
{
    private readonly SpeechModel _model;
    private readonly KaldiFbank _fbank;

    public SpeechFeatureExtractor(SpeechModel model)
    {
        _model = model;
        var definition = model.Definition;
        _fbank = new KaldiFbank(new FbankOptions
        {
            NumMelBins = definition.MelBins,
            SnipEdges = definition.SnipEdges,
            ScaleToInt16 = definition.ScaleToInt16,
        });
    }

    public AcousticInput Extract(ReadOnlySpan<float> samples, int languageId, int textNormId)
    {
        var definition = _model.Definition;
        var melBins = definition.MelBins;
        var fbankFrames = _fbank.FrameCount(samples.Length);
        var lfrFrames = LowFrameRate.OutputFrameCount(fbankFrames, definition.LfrShift);
        var features = new float[lfrFrames * definition.FeatureDimension];
        if (fbankFrames == 0)
        {
            return new AcousticInput(features, 0, languageId, textNormId);
        }

        var fbank = ArrayPool<float>.Shared.Rent(fbankFrames * melBins);
        try
        {
            _fbank.Compute(samples, fbank);
            LowFrameRate.Apply(fbank, fbankFrames, melBins, definition.LfrWindow, definition.LfrShift, features);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(fbank);
        }

        _model.Cmvn?.ApplyInPlace(features);
        return new AcousticInput(features, lfrFrames, languageId, textNormId);
    }
}
