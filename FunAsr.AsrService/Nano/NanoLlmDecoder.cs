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
/// Greedy decoding of one segment, the same for both decoder contracts: LFR features → encoder (+ adaptor), run once per
/// segment → the audio frames the frame rule keeps, spliced into the ChatML prompt → prefill in one call → one token a
/// step (Fun-ASR model.py inference; stop on &lt;|im_end|&gt; or &lt;|endoftext|&gt;). The KV-delta export decodes
/// through the model's <see cref="KvDeltaBatchDecoder"/>, which shares LLM calls between concurrent segments; the
/// growing-cache export, whose graph returns a new cache every step, decodes each segment on its own. Thread-safe.
/// </summary>
public sealed class NanoLlmDecoder(NanoLlmModel model)
{
    private const int FeatureDim = 560;

    public NanoLlmModel Model { get; } = model;

    public NanoDecodeResult Decode(float[] lfrFeatures, int frames, NanoDecodeSettings settings, CancellationToken cancellationToken) =>
        DecodeAsync(lfrFeatures, frames, settings, cancellationToken).GetAwaiter().GetResult();

    public async Task<NanoDecodeResult> DecodeAsync(float[] lfrFeatures, int frames, NanoDecodeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lfrFeatures);
        if (frames <= 0 || lfrFeatures.Length < frames * FeatureDim)
        {
            throw new ArgumentException($"Expected {frames} LFR frames of {FeatureDim} values, got {lfrFeatures.Length} values.", nameof(lfrFeatures));
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            var clock = Stopwatch.StartNew();
            var (prompt, promptLength, audioTokens) = BuildPrompt(lfrFeatures, frames, settings, runOptions, clock, out var encoderTime);
            if (Model.BatchDecoder is { } batch)
            {
                var generation = await batch.GenerateAsync(prompt, promptLength, settings, cancellationToken).ConfigureAwait(false);
                return new NanoDecodeResult(generation.TokenIds, generation.StopReason, promptLength, audioTokens, encoderTime, generation.PrefillTime, generation.StepTime);
            }

            return DecodeAlone(prompt, promptLength, audioTokens, encoderTime, settings, runOptions, clock, cancellationToken);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>
    /// The stop rules on a new greedy token, shared by both loops: end of turn, else the token is kept, then the
    /// repetition guard, <see cref="NanoDecodeSettings.MaxNewTokens"/> and the decoder's reach.
    /// </summary>
    internal static NanoStopReason? Accept(List<int> generated, int next, NanoDecodeSettings settings, int position, int maxPositions, NanoTokenizer tokenizer)
    {
        if (next == tokenizer.ImEndId || next == tokenizer.EndOfTextId)
        {
            return NanoStopReason.EndOfTurn;
        }

        generated.Add(next);
        if (settings.RepetitionGuard && RepetitionGuard.KeepCount(generated) is { } keep)
        {
            generated.RemoveRange(keep, generated.Count - keep);
            return NanoStopReason.Repetition;
        }

        if (generated.Count >= settings.MaxNewTokens)
        {
            return NanoStopReason.MaxNewTokens;
        }

        return position + 1 > maxPositions ? NanoStopReason.ContextFull : null;
    }

    private (float[] Prompt, int Length, int AudioTokens) BuildPrompt(
        float[] features, int frames, NanoDecodeSettings settings, RunOptions runOptions, Stopwatch clock, out TimeSpan encoderTime)
    {
        var dim = Model.LlmDim;
        var audio = Model.EncodeAudio(features, frames, runOptions, settings.FeedAllAudioFrames, out var audioTokens);
        encoderTime = clock.Elapsed;

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
        return (prompt, promptLength, audioTokens);
    }

    private NanoDecodeResult DecodeAlone(float[] prompt, int promptLength, int audioTokens, TimeSpan encoderTime, NanoDecodeSettings settings,
        RunOptions runOptions, Stopwatch clock, CancellationToken cancellationToken)
    {
        var dim = Model.LlmDim;
        using var state = Model.CreateState();
        var next = state.Run(prompt, promptLength, runOptions);
        var prefillTime = clock.Elapsed - encoderTime;
        var token = new float[dim];
        var oneId = new long[1];
        var generated = new List<int>(settings.MaxNewTokens + 1);
        NanoStopReason? stop;
        while ((stop = Accept(generated, next, settings, state.Position, Model.MaxTotalLength, Model.Tokenizer)) is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            oneId[0] = next;
            Model.Embed(oneId, runOptions, token);
            next = state.Run(token, 1, runOptions);
        }

        return new NanoDecodeResult(generated, stop.Value, promptLength, audioTokens, encoderTime, prefillTime, clock.Elapsed - encoderTime - prefillTime);
    }
}
