using System.Diagnostics;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Recognition;
using FunAsr.Text.Joining;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.AsrService.Nano;

/// <summary>
/// Fun-ASR-Nano through its LLM: each segment the transcription pipeline cut is decoded greedily with the prompt built
/// from the request (language, ITN, hotwords). Segment-level times only: the LLM emits no token timestamps.
/// </summary>
public sealed class NanoLlmRecognizer : ISpeechRecognizer, IDisposable
{
    public const string FamilyName = "Fun-ASR-Nano LLM";

    private readonly NanoLlmModel _model;
    private readonly NanoLlmDecoder _decoder;
    private readonly NanoLlmOptions _options;
    private readonly INanoFeatureExtractor _features;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public NanoLlmRecognizer(
        NanoLlmModel model,
        NanoLlmOptions options,
        INanoFeatureExtractor features,
        ILogger<NanoLlmRecognizer>? logger = null,
        TimeProvider? time = null)
    {
        _model = model;
        _decoder = new NanoLlmDecoder(model);
        _options = options;
        _features = features;
        _logger = logger ?? NullLogger<NanoLlmRecognizer>.Instance;
        _time = time ?? TimeProvider.System;
        Model = new ModelDescriptor(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(model.Folder)),
            model.Family == ModelFamily.FunAsrNanoLlmManySpeech ? FamilyName + " (ManySpeech)" : FamilyName,
            ["auto", .. model.Languages],
            SupportsHotwords: true,
            model.Folder);
    }

    public ModelDescriptor Model { get; }

    /// <summary>
    /// Loads a folder <see cref="NanoLlmModel.IsNanoLlmFolder"/> accepts, with the Nano fbank front end unless another
    /// extractor is given; throws <see cref="NanoModelException"/> with the reason otherwise.
    /// </summary>
    public static NanoLlmRecognizer Load(
        string folder,
        NanoLlmOptions options,
        INanoFeatureExtractor? features = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<NanoLlmRecognizer>();
        var model = NanoLlmModel.Load(folder, options, logger);
        logger.LogInformation(
            "Loaded {Family} ({Export}) from {Folder}: {Layers} layers, KV cache {CacheType}, {MaxTotal} positions, vocab {Vocab}, languages {Languages}",
            FamilyName, model.Family.Name(), folder, model.NumLayers, model.CacheType, model.MaxTotalLength, model.VocabSize, string.Join(",", model.Languages));
        return new NanoLlmRecognizer(model, options, features ?? new NanoFbankFeatures(model), logger, time);
    }

    public Task<RecognitionResult> RecognizeAsync(AudioClip audio, RecognitionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(options);
        if (audio.SampleRate != AudioClip.EngineSampleRate)
        {
            throw new ArgumentException($"Audio must be {AudioClip.EngineSampleRate} Hz mono; got {audio.SampleRate} Hz.", nameof(audio));
        }

        // Validates the language before any work is done.
        var languageName = NanoPrompt.LanguageName(options.Language, _model.Languages);
        return Task.Run(() => RecognizeCoreAsync(audio, options, languageName, cancellationToken), cancellationToken);
    }

    public void Dispose() => _model.Dispose();

    private async Task<RecognitionResult> RecognizeCoreAsync(AudioClip audio, RecognitionOptions options, string? languageName, CancellationToken cancellationToken)
    {
        using var activity = NanoTelemetry.Source.StartActivity("nano.recognize");
        activity?.SetTag("funasr.model", Model.Id);
        activity?.SetTag("funasr.audio_seconds", audio.Duration.TotalSeconds);
        var started = _time.GetTimestamp();

        var spans = audio.SegmentSpans();

        var settings = new NanoDecodeSettings(options.Hotwords, languageName, options.Itn, _options.MaxNewTokens, _options.RepetitionGuard);
        var segments = new List<RecognizedSegment>(spans.Count);
        TimeSpan featureTime = TimeSpan.Zero, inferenceTime = TimeSpan.Zero, decodingTime = TimeSpan.Zero;
        foreach (var span in spans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var featureStarted = _time.GetTimestamp();
            NanoFeatures features;
            using (NanoTelemetry.Source.StartActivity("nano.features"))
            {
                features = _features.Extract(audio.Samples.AsSpan(span.StartSample, span.Length));
            }

            featureTime += _time.GetElapsedTime(featureStarted);
            if (features.Frames == 0)
            {
                continue;
            }

            NanoDecodeResult decoded;
            using (var decodeActivity = NanoTelemetry.Source.StartActivity("nano.decode"))
            {
                decoded = await _decoder.DecodeAsync(features.Values, features.Frames, settings, cancellationToken);
                decodeActivity?.SetTag("asr.nano.prompt_tokens", decoded.PromptTokens);
                decodeActivity?.SetTag("asr.nano.generated_tokens", decoded.TokenIds.Count);
                decodeActivity?.SetTag("asr.nano.stop", decoded.StopReason.ToString());
            }

            inferenceTime += decoded.EncoderTime + decoded.PrefillTime + decoded.StepTime;
            Record(decoded);

            var textStarted = _time.GetTimestamp();
            var text = _model.Tokenizer.Decode(decoded.TokenIds).Trim();
            decodingTime += _time.GetElapsedTime(textStarted);
            segments.Add(new RecognizedSegment(
                (double)span.StartSample / AudioClip.EngineSampleRate,
                (double)span.EndSample / AudioClip.EngineSampleRate,
                text,
                text,
                options.Language,
                Emotion: null,
                Event: null,
                Tokens: []));
        }

        var elapsed = _time.GetElapsedTime(started);
        if (audio.Duration > TimeSpan.Zero)
        {
            NanoTelemetry.RealTimeFactor.Record(elapsed / audio.Duration);
        }
        _logger.LogDebug("Decoded {Segments} segments of {Seconds:F1} s of audio in {Elapsed:F0} ms",
            segments.Count, audio.Duration.TotalSeconds, elapsed.TotalMilliseconds);

        var joined = TextJoiner.Join(segments.Select(s => s.Text));
        return new RecognitionResult(
            joined,
            joined,
            options.Language,
            Emotion: null,
            Event: null,
            segments,
            audio.Duration.TotalSeconds,
            new StageTimings(TimeSpan.Zero, featureTime, inferenceTime, decodingTime));
    }

    private static void Record(NanoDecodeResult decoded)
    {
        NanoTelemetry.GeneratedTokens.Add(decoded.TokenIds.Count);
        NanoTelemetry.Segments.Add(1, new KeyValuePair<string, object?>("stop", decoded.StopReason.ToString()));
        if (decoded.StepTime > TimeSpan.Zero && decoded.TokenIds.Count > 1)
        {
            NanoTelemetry.TokensPerSecond.Record((decoded.TokenIds.Count - 1) / decoded.StepTime.TotalSeconds);
        }
    }
}
