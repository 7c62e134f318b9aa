namespace FunAsr.AsrService.Diarization;

/// <summary>
/// The metadata sherpa-onnx's pyannote export carries (scripts/pyannote/segmentation/export-onnx.py): the model
/// sees <see cref="WindowSize"/> samples and emits one frame per <see cref="ReceptiveFieldShift"/> samples, each
/// frame covering <see cref="ReceptiveFieldSize"/> samples, with <see cref="NumClasses"/> powerset classes over
/// <see cref="NumSpeakers"/> local speakers, at most <see cref="PowersetMaxClasses"/> of them at once.
/// </summary>
public sealed record SegmentationModelInfo(
    int SampleRate,
    int WindowSize,
    int ReceptiveFieldSize,
    int ReceptiveFieldShift,
    int NumSpeakers,
    int PowersetMaxClasses,
    int NumClasses,
    string ModelType,
    bool IsTestDouble)
{
    /// <summary>Output frames of one window: (window − receptive field) / shift + 1 (589 for pyannote 3.0).</summary>
    public int FramesPerWindow => (WindowSize - ReceptiveFieldSize) / ReceptiveFieldShift + 1;

    /// <summary>Frame f starts at f·shift/rate and is centred half a receptive field later (sherpa-onnx's time mapping).</summary>
    public double FrameTime(int frame) => (frame * (double)ReceptiveFieldShift + 0.5 * ReceptiveFieldSize) / SampleRate;
}
