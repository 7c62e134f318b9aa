using FunAsr.AsrService.Features;
using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Vad;

/// <summary>
/// FunASR FSMN-VAD (ONNX export): 80-mel fbank, LFR 5/1 and the model's own am.mvn feed <c>speech</c> [1,T,400] in
/// chunks that carry the four FSMN caches; a 10 ms frame is speech when P(speech) >= P(silence) + 0.6. Frames become
/// segments with FunASR's endpoint rules (150 ms of speech in a 200 ms window to start, 800 ms of silence to end,
/// 200 ms look-back at the start, 100 ms look-ahead at the end). Thread-safe: caches live per call.
/// </summary>
public sealed class FsmnVoiceActivityDetector : IVoiceActivityDetector, IDisposable
{
    public const int DefaultChunkFrames = 6000;

    private const int MelBins = 80;
    private const int LfrWindow = 5;
    private const int FeatureDim = MelBins * LfrWindow;
    private const int FrameShiftSamples = 160;
    private const int FrameLengthSamples = 400;
    private const int StartWindowFrames = 20;
    private const int StartSpeechFrames = 15;
    private const int LookBackFrames = 20;
    private const int LookAheadFrames = 10;

    private readonly InferenceSession _session;
    private readonly KaldiFbank _fbank = new(new FbankOptions());
    private readonly Cmvn _cmvn;
    private readonly VadOptions _options;
    private readonly int _chunkFrames;
    private readonly string _speechInput;
    private readonly string[] _cacheInputs;
    private readonly long[][] _cacheShapes;
    private readonly string _logitsOutput;
    private readonly string[] _cacheOutputs;

    public FsmnVoiceActivityDetector(string modelPath, string amMvnPath, VadOptions options, int chunkFrames = DefaultChunkFrames)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkFrames);
        _chunkFrames = chunkFrames;
        _cmvn = Cmvn.LoadKaldiNnet(amMvnPath);
        if (_cmvn.Dimension != FeatureDim)
        {
            throw new InvalidDataException($"FSMN-VAD CMVN '{amMvnPath}' has {_cmvn.Dimension} dimensions; {FeatureDim} (80 mel x LFR 5) are expected.");
        }

        _session = VadModelLoader.Open(modelPath, options, "speech", "in_cache0", "in_cache1", "in_cache2", "in_cache3");
        _speechInput = "speech";
        _cacheInputs = ["in_cache0", "in_cache1", "in_cache2", "in_cache3"];
        _cacheShapes = _cacheInputs
            .Select(name => _session.InputMetadata[name].Dimensions.Select(d => (long)Math.Max(1, d)).ToArray())
            .ToArray();

        var outputs = _session.OutputMetadata.Keys.ToList();
        _logitsOutput = outputs.Contains("logits") ? "logits" : outputs[0];
        var cacheOutputs = outputs.Where(o => o != _logitsOutput).ToList();
        if (cacheOutputs.Count != _cacheInputs.Length)
        {
            _session.Dispose();
            throw new InvalidDataException($"FSMN-VAD model '{modelPath}' has {cacheOutputs.Count} cache outputs; {_cacheInputs.Length} are expected.");
        }

        // Exports name them out_cacheN; otherwise the order of the outputs pairs them with the inputs.
        _cacheOutputs = _cacheInputs
            .Select((input, i) => cacheOutputs.Contains("out_" + input["in_".Length..]) ? "out_" + input["in_".Length..] : cacheOutputs[i])
            .ToArray();
    }

    /// <summary>P(speech) = 1 - P(silence) for every 10 ms frame (one per fbank frame, snip_edges true).</summary>
    public float[] SpeechProbabilities(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        int frames = _fbank.FrameCount(samples.Length);
        if (frames == 0)
        {
            return [];
        }

        // Features are made one chunk at a time (plus the LFR context on each side), so memory stays bounded by the
        // chunk size however long the audio is.
        int leftContext = (LfrWindow - 1) / 2;
        int rightContext = LfrWindow - 1 - leftContext;
        int chunkCapacity = Math.Min(_chunkFrames, frames);
        var fbank = new float[(chunkCapacity + LfrWindow - 1) * MelBins];
        var features = new float[chunkCapacity * FeatureDim];
        float[][] caches = _cacheShapes.Select(shape => new float[shape.Aggregate(1L, (a, b) => a * b)]).ToArray();
        var probabilities = new float[frames];
        string[] inputNames = [_speechInput, .. _cacheInputs];
        string[] outputNames = [_logitsOutput, .. _cacheOutputs];
        using var runOptions = new RunOptions();
        for (int start = 0; start < frames; start += _chunkFrames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(_chunkFrames, frames - start);
            int first = Math.Max(0, start - leftContext);
            int last = Math.Min(frames, start + count + rightContext);
            var slice = samples.Slice(first * FrameShiftSamples, (last - 1 - first) * FrameShiftSamples + FrameLengthSamples);
            _fbank.Compute(slice, fbank);
            StackFrames(fbank, first, frames, start, count, features);
            _cmvn.ApplyInPlace(features.AsSpan(0, count * FeatureDim));
            RunChunk(runOptions, inputNames, outputNames, features, count, caches, probabilities.AsSpan(start, count));
        }

        return probabilities;
    }

    // LFR 5/1 rows for frames [start, start+count) from fbank frames held from index `first`; clamps like LowFrameRate.
    private static void StackFrames(float[] fbank, int first, int totalFrames, int start, int count, float[] features)
    {
        int leftContext = (LfrWindow - 1) / 2;
        for (int i = 0; i < count; i++)
        {
            Span<float> row = features.AsSpan(i * FeatureDim, FeatureDim);
            for (int j = 0; j < LfrWindow; j++)
            {
                int source = Math.Clamp(start + i + j - leftContext, 0, totalFrames - 1) - first;
                fbank.AsSpan(source * MelBins, MelBins).CopyTo(row.Slice(j * MelBins, MelBins));
            }
        }
    }

    private void RunChunk(RunOptions runOptions, string[] inputNames, string[] outputNames, float[] features, int count,
        float[][] caches, Span<float> probabilities)
    {
        var inputs = new OrtValue[1 + caches.Length];
        try
        {
            inputs[0] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                features.AsMemory(0, count * FeatureDim), [1, count, FeatureDim]);
            for (int c = 0; c < caches.Length; c++)
            {
                inputs[1 + c] = OrtValue.CreateTensorValueFromMemory(caches[c], _cacheShapes[c]);
            }

            using var outputs = _session.Run(runOptions, inputNames, inputs, outputNames);
            ReadOnlySpan<float> logits = outputs[0].GetTensorDataAsSpan<float>();
            int vocab = logits.Length / count;
            for (int t = 0; t < count; t++)
            {
                probabilities[t] = 1f - logits[t * vocab];
            }

            for (int c = 0; c < caches.Length; c++)
            {
                ReadOnlySpan<float> next = outputs[1 + c].GetTensorDataAsSpan<float>();
                if (next.Length != caches[c].Length)
                {
                    throw new InvalidDataException($"FSMN-VAD output {_cacheOutputs[c]} has {next.Length} values; its input cache has {caches[c].Length}.");
                }

                next.CopyTo(caches[c]);
            }
        }
        finally
        {
            foreach (OrtValue? value in inputs)
            {
                value?.Dispose();
            }
        }
    }

    public IReadOnlyList<SpeechSpan> Detect(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        float[] probabilities = SpeechProbabilities(samples, cancellationToken);
        float margin = (float)_options.FsmnSpeechNoiseThreshold;
        var speech = new bool[probabilities.Length];
        for (int t = 0; t < speech.Length; t++)
        {
            speech[t] = probabilities[t] >= 1f - probabilities[t] + margin;
        }

        int maxEndSilence = Math.Max(1, _options.FsmnMaxEndSilenceMs / 10);
        var spans = new List<SpeechSpan>();
        foreach (var (first, last) in FrameSegments.Find(speech, maxEndSilence, StartWindowFrames, StartSpeechFrames))
        {
            int startFrame = Math.Max(0, first - LookBackFrames);
            int endFrame = last + LookAheadFrames;
            var span = new SpeechSpan(startFrame * FrameShiftSamples, Math.Min(samples.Length, endFrame * FrameShiftSamples + FrameLengthSamples));
            if (spans.Count > 0 && span.StartSample <= spans[^1].EndSample)
            {
                spans[^1] = spans[^1] with { EndSample = Math.Max(spans[^1].EndSample, span.EndSample) };
            }
            else
            {
                spans.Add(span);
            }
        }

        return SegmentSplitter.Split(spans, samples, _options.MaxSegmentSamples, cancellationToken);
    }

    public void Dispose() => _session.Dispose();
}
