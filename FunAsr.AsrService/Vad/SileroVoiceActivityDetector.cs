using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Vad;

/// <summary>
/// Silero VAD v5 (ONNX) segmented as sherpa-onnx segments it, so boundaries agree with the peer engine: windows of
/// 512 new samples read as 576 (the next 64 overlap), the recurrent <c>state</c> [2,1,128] carried across windows,
/// then sherpa's hysteresis (start after min-speech, end after min-silence, release below threshold - 0.15) and its
/// segment edges (start = detection - 2 windows - min-speech, end = first silent window - min-silence). Past the
/// maximum segment length sherpa tightens to threshold 0.9 and 100 ms silence; the same happens here.
/// Thread-safe: buffers and state live per call.
/// </summary>
public sealed class SileroVoiceActivityDetector : IVoiceActivityDetector, IDisposable
{
    public const int WindowShift = 512;
    public const int WindowSize = WindowShift + 64;
    private const int StateSize = 2 * 1 * 128;

    private static readonly string[] InputNames = ["input", "state", "sr"];
    private static readonly string[] OutputNames = ["output", "stateN"];

    private readonly InferenceSession _session;
    private readonly VadOptions _options;

    public SileroVoiceActivityDetector(string modelPath, VadOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ModelPath = modelPath;
        _session = VadModelLoader.Open(modelPath, options, InputNames);
        if (!OutputNames.All(_session.OutputMetadata.ContainsKey))
        {
            string present = string.Join(", ", _session.OutputMetadata.Keys);
            _session.Dispose();
            throw new InvalidDataException($"Silero VAD model '{modelPath}' must have outputs output and stateN; it has {present}.");
        }
    }

    public string ModelPath { get; }

    /// <summary>Speech probability of every full 576-sample window, windows 512 samples apart (sherpa-onnx RunV5).</summary>
    public float[] SpeechProbabilities(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        int windows = samples.Length < WindowSize ? 0 : ((samples.Length - WindowSize) / WindowShift) + 1;
        var probabilities = new float[windows];
        if (windows == 0)
        {
            return probabilities;
        }

        var input = new float[WindowSize];
        var state = new float[StateSize];
        var nextState = new float[StateSize];
        var output = new float[1];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, WindowSize]);
        using var stateValue = OrtValue.CreateTensorValueFromMemory(state, [2, 1, 128]);
        using var rateValue = OrtValue.CreateTensorValueFromMemory(new long[] { VadAudio.SampleRate }, []);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, 1]);
        using var nextStateValue = OrtValue.CreateTensorValueFromMemory(nextState, [2, 1, 128]);
        using var runOptions = new RunOptions();
        OrtValue[] inputs = [inputValue, stateValue, rateValue];
        OrtValue[] outputs = [outputValue, nextStateValue];

        for (int w = 0; w < windows; w++)
        {
            if ((w & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            samples.Slice(w * WindowShift, WindowSize).CopyTo(input);
            _session.Run(runOptions, InputNames, inputs, OutputNames, outputs);
            probabilities[w] = output[0];
            nextState.CopyTo(state, 0);
        }

        return probabilities;
    }

    public IReadOnlyList<SpeechSpan> Detect(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        float[] probabilities = SpeechProbabilities(samples, cancellationToken);
        List<SpeechSpan> speeches = ToSpeeches(probabilities, Settings.From(_options));
        return SegmentSplitter.Split(speeches, samples, _options.MaxSegmentSamples, cancellationToken);
    }

    public void Dispose() => _session.Dispose();

    /// <summary>What sherpa-onnx's SileroVadModelConfig calls threshold, min_silence/min_speech/max_speech_duration.</summary>
    public readonly record struct Settings(float Threshold, int MinSilenceSamples, int MinSpeechSamples, int MaxSpeechSamples)
    {
        public static Settings From(VadOptions options) => new(
            (float)options.SileroThreshold,
            options.SileroMinSilenceMs * VadAudio.SamplesPerMs,
            options.SileroMinSpeechMs * VadAudio.SamplesPerMs,
            options.MaxSegmentSamples);
    }

    // sherpa-onnx voice-activity-detector.cc AcceptWaveform + silero-vad-model.cc IsSpeech, one 512-sample call a window.
    public static List<SpeechSpan> ToSpeeches(float[] probabilities, Settings settings)
    {
        var speeches = new List<SpeechSpan>();
        var model = new Hysteresis(settings);
        int head = 0, tail = 0, start = -1;
        foreach (float p in probabilities)
        {
            // The tightened settings apply once the buffered audio (since the last cut) exceeds the maximum.
            model.Tighten(tail - head > settings.MaxSpeechSamples);
            tail += WindowShift;
            if (model.IsSpeech(p))
            {
                if (start == -1)
                {
                    start = Math.Max(tail - (2 * WindowSize) - settings.MinSpeechSamples, head);
                }

                continue;
            }

            if (start != -1 && tail > head)
            {
                int end = tail - model.MinSilenceSamples;
                if (end > start)
                {
                    speeches.Add(new SpeechSpan(start, end));
                }

                head = Math.Max(head, end);
            }
            else if (start == -1)
            {
                head = Math.Max(head, tail - (2 * WindowSize) - settings.MinSpeechSamples);
            }

            start = -1;
        }

        if (start != -1 && tail > start)
        {
            speeches.Add(new SpeechSpan(start, tail));
        }

        return speeches;
    }

    private sealed class Hysteresis(Settings settings)
    {
        private float _threshold = settings.Threshold;
        private bool _triggered;
        private int _current;
        private int _tempStart;
        private int _tempEnd;

        public int MinSilenceSamples { get; private set; } = settings.MinSilenceSamples;

        public void Tighten(bool tight)
        {
            _threshold = tight ? 0.9f : settings.Threshold;
            MinSilenceSamples = tight ? 100 * VadAudio.SamplesPerMs : settings.MinSilenceSamples;
        }

        public bool IsSpeech(float p)
        {
            _current += WindowShift;
            if (p > _threshold && _tempEnd != 0)
            {
                _tempEnd = 0;
            }

            if (p > _threshold && _tempStart == 0)
            {
                _tempStart = _current;
                return false;
            }

            if (p > _threshold && !_triggered)
            {
                if (_current - _tempStart < settings.MinSpeechSamples)
                {
                    return false;
                }

                _triggered = true;
                return true;
            }

            if (p < _threshold && !_triggered)
            {
                _tempStart = 0;
                _tempEnd = 0;
                return false;
            }

            if (p > Math.Max(_threshold - 0.15f, 0.01f) && _triggered)
            {
                return true;
            }

            if (p < _threshold && _triggered)
            {
                if (_tempEnd == 0)
                {
                    _tempEnd = _current;
                }

                if (_current - _tempEnd < MinSilenceSamples)
                {
                    return true;
                }

                _tempStart = 0;
                _tempEnd = 0;
                _triggered = false;
                return false;
            }

            return false;
        }
    }
}
