using System.Diagnostics;
using FunAsr.AsrService.Decoding;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Vad;
using FunAsr.Text.Joining;

namespace FunAsr.AsrService.Recognition;

/// <summary>
/// The CTC engine: features per segment → batched inference → CTC decoding, with times relative to the clip. The
/// segments are the ones the transcription pipeline cut (<see cref="AudioClip.Segments"/>), all of a call in one
/// batch request. Stateless per call, so thread-safe; every stage observes cancellation.
/// </summary>
public sealed class SpeechRecognizer : ISpeechRecognizer
{
    private readonly SpeechModel _model;
    private readonly IAcousticRunner _runner;
    private readonly TimeProvider _time;
    private readonly SpeechFeatureExtractor _features;
    private readonly TranscriptDecoder _decoder;

    public SpeechRecognizer(SpeechModel model, IAcousticRunner runner, SpeechEngineOptions options, TimeProvider time)
    {
        _model = model;
        _runner = runner;
        _time = time;
        _features = new SpeechFeatureExtractor(model);
        _decoder = new TranscriptDecoder(model.Definition, model.Tokens);
        var definition = model.Definition;
        Model = new ModelDescriptor(
            options.Id ?? System.IO.Path.GetFileName(definition.FolderPath.TrimEnd(System.IO.Path.DirectorySeparatorChar)),
            definition.Family.Name(), definition.Languages, SupportsHotwords: false, definition.FolderPath);
    }

    public ModelDescriptor Model { get; }

    public async Task<RecognitionResult> RecognizeAsync(AudioClip audio, RecognitionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(options);
        if (audio.SampleRate != AudioClip.EngineSampleRate)
        {
            throw new ArgumentException($"The engine takes {AudioClip.EngineSampleRate} Hz audio, got {audio.SampleRate} Hz", nameof(audio));
        }

        // One pass that catches NaN and infinities (and absurd magnitudes) before they turn into garbage tokens.
        if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(audio.Samples)))
        {
            throw new ArgumentException("The audio holds NaN, infinite or out-of-range samples (expected [-1, 1])", nameof(audio));
        }

        var (languageId, textNormId) = ResolveInputs(options);
        var duration = audio.Duration.TotalSeconds;
        using var activity = EngineTelemetry.ActivitySource.StartActivity("asr.recognize");
        activity?.SetTag("asr.model", Model.Id);
        activity?.SetTag("audio.duration_s", duration);
        activity?.SetTag("asr.language.requested", options.Language);

        var spans = audio.SegmentSpans();
        var started = _time.GetTimestamp();
        var inputs = new AcousticInput[spans.Count];
        using (var span = StartStage("features", duration))
        {
            for (var i = 0; i < spans.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                inputs[i] = _features.Extract(audio.Samples.AsSpan(spans[i].StartSample, spans[i].Length), languageId, textNormId);
            }

            span?.SetTag("asr.segments", spans.Count);
        }

        var featureTime = Stage("features", started);

        started = _time.GetTimestamp();
        IReadOnlyList<AcousticOutput> outputs;
        using (var span = StartStage("inference", duration))
        {
            span?.SetTag("asr.segments", inputs.Length);
            span?.SetTag("asr.execution_provider", _model.ExecutionProvider);
            outputs = inputs.Length == 0 ? [] : await _runner.RunAsync(inputs, cancellationToken);
        }

        var inferenceTime = Stage("inference", started);

        started = _time.GetTimestamp();
        RecognitionResult result;
        using (StartStage("decoding", duration))
        {
            cancellationToken.ThrowIfCancellationRequested();
            result = Stitch(spans, outputs, options, duration);
        }

        result = result with { Timings = new StageTimings(TimeSpan.Zero, featureTime, inferenceTime, Stage("decoding", started)) };
        EngineTelemetry.AudioSeconds.Add(duration);
        activity?.SetTag("asr.language", result.Language);
        activity?.SetTag("asr.segments", result.Segments.Count);
        return result;
    }

    private (int LanguageId, int TextNormId) ResolveInputs(RecognitionOptions options)
    {
        var definition = _model.Definition;
        var language = string.IsNullOrWhiteSpace(options.Language) ? "auto" : options.Language.Trim().ToLowerInvariant();
        var languageId = 0;
        if (definition.LanguageIds.Count > 0 ? !definition.LanguageIds.TryGetValue(language, out languageId) : !definition.Languages.Contains(language))
        {
            throw new ArgumentException(
                $"Model '{Model.Id}' does not support language '{options.Language}'; supported: {string.Join(", ", Model.Languages)}",
                nameof(options));
        }

        var textNorm = (options.Itn ? definition.WithItnId : definition.WithoutItnId) ?? 0;
        return (languageId, textNorm);
    }

    private RecognitionResult Stitch(IReadOnlyList<SpeechSpan> spans, IReadOnlyList<AcousticOutput> outputs, RecognitionOptions options, double duration)
    {
        var segments = new List<RecognizedSegment>();
        SenseVoiceTags? firstTags = null;
        for (var i = 0; i < spans.Count; i++)
        {
            var utterance = _decoder.Decode(outputs[i]);
            firstTags ??= utterance.Tags;
            if (utterance.Text.Length == 0)
            {
                continue;
            }

            var offset = (double)spans[i].StartSample / AudioClip.EngineSampleRate;
            var tokens = options.Timestamps
                ? utterance.Tokens.Select(t => new RecognizedToken(t.Text, Math.Round(offset + t.Start, 3), Math.Round(offset + t.End, 3)) { StartsWord = t.StartsWord }).ToList()
                : [];
            segments.Add(new RecognizedSegment(
                Math.Round(offset, 3),
                Math.Round((double)spans[i].EndSample / AudioClip.EngineSampleRate, 3),
                utterance.Text,
                utterance.RichText,
                utterance.Tags.Language,
                utterance.Tags.Emotion,
                utterance.Tags.Event,
                tokens));
        }

        var lead = segments.Count > 0 ? segments[0] : null;
        var language = lead?.Language ?? (options.Language is { Length: > 0 } requested ? requested : "auto");
        return new RecognitionResult(
            TextJoiner.Join(segments.Select(s => s.Text)),
            string.Concat(segments.Select(s => s.RichText)),
            language,
            lead?.Emotion ?? firstTags?.Emotion,
            lead?.Event ?? firstTags?.Event,
            segments,
            duration,
            StageTimings.Zero);
    }

    private TimeSpan Stage(string stage, long started)
    {
        var elapsed = _time.GetElapsedTime(started);
        EngineTelemetry.StageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));
        return elapsed;
    }

    private static Activity? StartStage(string stage, double duration)
    {
        var activity = EngineTelemetry.ActivitySource.StartActivity($"asr.{stage}");
        activity?.SetTag("audio.duration_s", duration);
        return activity;
    }
}
