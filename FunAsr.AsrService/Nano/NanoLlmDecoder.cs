using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Nano;

public enum NanoStopReason
{
    /// <summary>The model ended its turn (&lt;|im_end|&gt; or &lt;|endoftext|&gt;).</summary>
    EndOfTurn,
    MaxNewTokens,
    Repetition,
    /// <summary>The decoder's positions (max_total_len; ManySpeech: 1024) are used up.</summary>
    ContextFull,
}

/// <summary>What one segment is asked: prompt options and generation limits.</summary>
/// <param name="FeedAllAudioFrames">Feed every encoder frame, as sherpa-onnx does, instead of the trained
/// fake_token_len; off in the service, on only to compare with sherpa-onnx (bench/sherpa/replica-parity.mjs).</param>
public sealed record NanoDecodeSettings(
    IReadOnlyList<string> Hotwords, string? LanguageName, bool Itn, int MaxNewTokens, bool RepetitionGuard, bool FeedAllAudioFrames = false);

public sealed record NanoDecodeResult(
    IReadOnlyList<int> TokenIds,
    NanoStopReason StopReason,
    int PromptTokens,
    int AudioTokens,
    TimeSpan EncoderTime,
    TimeSpan PrefillTime,
    TimeSpan StepTime);

/// <summary>
/// Greedy decoding of one segment, the same for both decoder contracts: LFR features → encoder (+ adaptor) → the
/// audio frames the frame rule keeps, spliced into the ChatML prompt → prefill → one token a step
/// (Fun-ASR model.py inference; stop on &lt;|im_end|&gt; or &lt;|endoftext|&gt;). Thread-safe: all state lives in the call.
/// </summary>
public sealed class NanoLlmDecoder(NanoLlmModel model)
{
    private const int FeatureDim = 560;

    public NanoLlmModel Model { get; } = model;

    public NanoDecodeResult Decode(float[] lfrFeatures, int frames, NanoDecodeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lfrFeatures);
        if (frames <= 0 || lfrFeatures.Length < frames * FeatureDim)
        {
            throw new ArgumentException($"Expected {frames} LFR frames of {FeatureDim} values, got {lfrFeatures.Length} values.", nameof(lfrFeatures));
        }

        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            return Run(lfrFeatures, frames, settings, runOptions, cancellationToken);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private NanoDecodeResult Run(float[] features, int frames, NanoDecodeSettings settings, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var dim = Model.LlmDim;
        var clock = Stopwatch.StartNew();
        var audio = Model.EncodeAudio(features, frames, runOptions, settings.FeedAllAudioFrames, out var audioTokens);
        var encoderTime = clock.Elapsed;

        var (beforeText, afterText) = NanoPrompt.ChatTemplate(settings.Hotwords, settings.LanguageName, settings.Itn);
        var before = Model.Tokenizer.Encode(beforeText);
        var after = Model.Tokenizer.Encode(afterText);
        var promptLength = before.Count + audioTokens + after.Count;
        if (promptLength >= Model.MaxTotalLength)
        {
            throw new ArgumentException(
                $"The prompt needs {promptLength} positions ({before.Count} text + {audioTokens} audio + {after.Count} text) but the model holds {Model.MaxTotalLength}; shorten the segment or the hotword list.");
        }

        var prompt = new float[promptLength * dim];
        Model.Embed([.. before.Select(i => (long)i)], runOptions, prompt.AsSpan(0, before.Count * dim));
        audio.CopyTo(prompt.AsSpan(before.Count * dim));
        Model.Embed([.. after.Select(i => (long)i)], runOptions, prompt.AsSpan((before.Count + audioTokens) * dim));

        using var state = Model.CreateState();
        var next = state.Run(prompt, promptLength, runOptions);
        var prefillTime = clock.Elapsed - encoderTime;
        var token = new float[dim];
        var oneId = new long[1];
        var generated = new List<int>();
        NanoStopReason stop;
        while (true)
        {
            if (next == Model.Tokenizer.ImEndId || next == Model.Tokenizer.EndOfTextId)
            {
                stop = NanoStopReason.EndOfTurn;
                break;
            }

            generated.Add(next);
            if (settings.RepetitionGuard && RepetitionGuard.KeepCount(generated) is { } keep)
            {
                generated.RemoveRange(keep, generated.Count - keep);
                stop = NanoStopReason.Repetition;
                break;
            }

            if (generated.Count >= settings.MaxNewTokens)
            {
                stop = NanoStopReason.MaxNewTokens;
                break;
            }

            if (state.Position + 1 > Model.MaxTotalLength)
            {
                stop = NanoStopReason.ContextFull;
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            oneId[0] = next;
            Model.Embed(oneId, runOptions, token);
            next = state.Run(token, 1, runOptions);
        }

        return new NanoDecodeResult(generated, stop, promptLength, audioTokens, encoderTime, prefillTime, clock.Elapsed - encoderTime - prefillTime);
    }
}
