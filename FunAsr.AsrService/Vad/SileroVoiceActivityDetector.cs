using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Vad;

/// <summary>
/// Silero VAD v5 (ONNX): 512-sample windows at 16 kHz, each preceded by the previous window's last 64 samples, with the
/// recurrent <c>state</c> [2,1,128] carried across windows; probabilities become segments with silero-vad's
/// get_speech_timestamps rules (threshold 0.5, release below 0.35, 250 ms minimum speech, 100 ms minimum silence,
/// 30 ms padding). Thread-safe: buffers and state live per call.
/// </summary>
public sealed class SileroVoiceActivityDetector : IVoiceActivityDetector, IDisposable
{
    private const int WindowSamples = 512;
    private const int ContextSamples = 64;
    private const int StateSize = 2 * 1 * 128;
    private const int MinSpeechSamples = 250 * VadAudio.SamplesPerMs;
    private const int MinSilenceSamples = 100 * VadAudio.SamplesPerMs;
    private const int PadSamples = 30 * VadAudio.SamplesPerMs;
    private const float ReleaseBelowThreshold = 0.15f;

    private static readonly string[] InputNames = ["input", "state", "sr"];
    private static readonly string[] OutputNames = ["output", "stateN"];

    private readonly InferenceSession _session;
    private readonly VadOptions _options;

    public SileroVoiceActivityDetector(string modelPath, VadOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _session = VadModelLoader.Open(modelPath, options, InputNames);
        if (!OutputNames.All(_session.OutputMetadata.ContainsKey))
        {
            string present = string.Join(", ", _session.OutputMetadata.Keys);
            _session.Dispose();
            throw new InvalidDataException($"Silero VAD model '{modelPath}' must have outputs output and stateN; it has {present}.");
        }
    }

    /// <summary>Speech probability of every 512-sample window (the last one zero-padded).</summary>
    public float[] SpeechProbabilities(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        int windows = (samples.Length + WindowSamples - 1) / WindowSamples;
        var probabilities = new float[windows];
        if (windows == 0)
        {
            return probabilities;
        }

        var input = new float[ContextSamples + WindowSamples];
        var state = new float[StateSize];
        var nextState = new float[StateSize];
        var output = new float[1];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, ContextSamples + WindowSamples]);
        using var stateValue = OrtValue.CreateTensorValueFromMemory(state, [2, 1, 128]);
        using var rateValue = OrtValue.CreateTensorValueFromMemory(new long[] { VadAudio.SampleRate }, []);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, 1]);
        using var nextStateValue = OrtValue.CreateTensorValueFromMemory(nextState, [2, 1, 128]);
        using var runOptions = new RunOptions();
        OrtValue[] inputs = [inputValue, stateValue, rateValue];
        OrtValue[] outputs = [outputValue, nextStateValue];

        Span<float> window = input.AsSpan(ContextSamples);
        for (int w = 0; w < windows; w++)
        {
            if ((w & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            int start = w * WindowSamples;
            int count = Math.Min(WindowSamples, samples.Length - start);
            samples.Slice(start, count).CopyTo(window);
            window[count..].Clear();

            _session.Run(runOptions, InputNames, inputs, OutputNames, outputs);

            probabilities[w] = output[0];
            nextState.CopyTo(state, 0);
            input.AsSpan(WindowSamples, ContextSamples).CopyTo(input);
        }

        return probabilities;
    }

    public IReadOnlyList<SpeechSpan> Detect(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        float[] probabilities = SpeechProbabilities(samples, cancellationToken);
        List<SpeechSpan> speeches = ToSpeeches(probabilities, samples.Length, (float)_options.SileroThreshold);
        return SegmentSplitter.Split(speeches, samples, _options.MaxSegmentSamples, cancellationToken);
    }

    // silero-vad get_speech_timestamps without its own max-duration split (SegmentSplitter does that for every VAD).
    public static List<SpeechSpan> ToSpeeches(float[] probabilities, int totalSamples, float threshold)
    {
        float release = threshold - ReleaseBelowThreshold;
        var speeches = new List<SpeechSpan>();
        bool triggered = false;
        int start = 0, tentativeEnd = 0;
        for (int w = 0; w < probabilities.Length; w++)
        {
            int position = w * WindowSamples;
            float p = probabilities[w];
            if (p >= threshold)
            {
                tentativeEnd = 0;
                if (!triggered)
                {
                    triggered = true;
                    start = position;
                }

                continue;
            }

            if (!triggered || p >= release)
            {
                continue;
            }

            if (tentativeEnd == 0)
            {
                tentativeEnd = position;
            }

            if (position - tentativeEnd >= MinSilenceSamples)
            {
                if (tentativeEnd - start > MinSpeechSamples)
                {
                    speeches.Add(new SpeechSpan(start, tentativeEnd));
                }

                triggered = false;
                tentativeEnd = 0;
            }
        }

        if (triggered && totalSamples - start > MinSpeechSamples)
        {
            speeches.Add(new SpeechSpan(start, totalSamples));
        }

        for (int i = 0; i < speeches.Count; i++)
        {
            SpeechSpan s = speeches[i];
            int begin = i == 0 ? Math.Max(0, s.StartSample - PadSamples) : s.StartSample;
            int end;
            if (i < speeches.Count - 1)
            {
                int gap = speeches[i + 1].StartSample - s.EndSample;
                int give = gap < 2 * PadSamples ? gap / 2 : PadSamples;
                end = s.EndSample + give;
                speeches[i + 1] = speeches[i + 1] with { StartSample = Math.Max(0, speeches[i + 1].StartSample - give) };
            }
            else
            {
                end = Math.Min(totalSamples, s.EndSample + PadSamples);
            }

            speeches[i] = new SpeechSpan(begin, end);
        }

        return speeches;
    }

    public void Dispose() => _session.Dispose();
}
