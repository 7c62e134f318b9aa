using System.Diagnostics;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.AsrService.Nano;

/// <summary>
/// Fun-ASR-Nano through its LLM: audio longer than the segment limit is split by the VAD, each segment is decoded
/// greedily with the prompt built from the request (language, ITN, hotwords). Segment-level times only: the LLM
/// emits no token timestamps.
/// </summary>
public sealed class NanoLlmRecognizer : ISpeechRecognizer, IDisposable
{
    public const string FamilyName = "Fun-ASR-Nano LLM";

    private readonly NanoLlmModel _model;
    private readonly NanoLlmDecoder _decoder;
    private readonly NanoLlmOptions _options;
    private readonly IVoiceActivityDetector _vad;
    private readonly INanoFeatureExtractor _features;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public NanoLlmRecognizer(
        NanoLlmModel model,
        NanoLlmOptions options,
        IVoiceActivityDetector vad,
        INanoFeatureExtractor features,
        ILogger<NanoLlmRecognizer>? logger = null,
        TimeProvider? time = null)
    {
        _model = model;
        _decoder = new NanoLlmDecoder(model);
        _options = options;
        _vad = vad;
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
        IVoiceActivityDetector vad,
        INanoFeatureExtractor? features = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<NanoLlmRecognizer>();
        var model = NanoLlmModel.Load(folder, options, logger);
        logger.LogInformation(
            "Loaded {Family} ({Export}) from {Folder}: {Layers} layers, KV cache {CacheType}, {MaxTotal} positions, vocab {Vocab}, languages {Languages}",
            FamilyName, model.Family.Name(), folder, model.NumLayers, model.CacheType, model.MaxTotalLength, model.VocabSize, string.Join(",", model.Languages));
        return new NanoLlmRecognizer(model, options, vad, features ?? new NanoFbankFeatures(model), logger, time);
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

        var vadStarted = _time.GetTimestamp();
        var spans = Segment(audio.Samples, cancellationToken);
        var vadTime = _time.GetElapsedTime(vadStarted);

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

        var joined = JoinTexts(segments.Select(s => s.Text));
        return new RecognitionResult(
            joined,
            joined,
            options.Language,
            Emotion: null,
            Event: null,
            segments,
            audio.Duration.TotalSeconds,
            new StageTimings(vadTime, featureTime, inferenceTime, decodingTime));
    }

    /// <summary>Short audio goes in whole; longer audio is split by the VAD, and any span still over the limit is cut evenly.</summary>
    private List<SpeechSpan> Segment(float[] samples, CancellationToken cancellationToken)
    {
        var maxSamples = (int)(_options.MaxSegment.TotalSeconds * AudioClip.EngineSampleRate);
        if (samples.Length == 0)
        {
            return [];
        }

        if (samples.Length <= maxSamples)
        {
            return [new SpeechSpan(0, samples.Length)];
        }

        IReadOnlyList<SpeechSpan> detected;
        using (NanoTelemetry.Source.StartActivity("nano.vad"))
        {
            detected = _vad.Detect(samples, cancellationToken);
        }

        var spans = new List<SpeechSpan>(detected.Count);
        foreach (var span in detected)
        {
            var pieces = (span.Length + maxSamples - 1) / maxSamples;
            for (var i = 0; i < pieces; i++)
            {
                var start = span.StartSample + (int)((long)span.Length * i / pieces);
                var end = span.StartSample + (int)((long)span.Length * (i + 1) / pieces);
                spans.Add(new SpeechSpan(start, end));
            }
        }

        _logger.LogDebug("Split {Seconds:F1} s into {Count} segments for the LLM", samples.Length / (double)AudioClip.EngineSampleRate, spans.Count);
        return spans;
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

    /// <summary>Joins segment texts, with a space only between two alphabetic scripts (none inside CJK text).</summary>
    public static string JoinTexts(IEnumerable<string> texts)
    {
        var joined = new System.Text.StringBuilder();
        foreach (var text in texts.Where(t => t.Length > 0))
        {
            if (joined.Length > 0 && !IsCjk(joined[^1]) && !IsCjk(text[0]))
            {
                joined.Append(' ');
            }

            joined.Append(text);
        }

        return joined.ToString();
    }

    private static bool IsCjk(char c) =>
        c is >= '\u3000' and <= '\u9fff' or >= '\uac00' and <= '\ud7af' or >= '\uf900' and <= '\ufaff' or >= '\uff00' and <= '\uffef';
}
