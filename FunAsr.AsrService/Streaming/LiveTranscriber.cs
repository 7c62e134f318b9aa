using System.Diagnostics;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using FunAsr.Text.Subtitles;

namespace FunAsr.AsrService.Streaming;

/// <summary>
/// The transcription side of one live stream, independent of the socket: audio goes in, partial and final captions
/// come out through <c>emit</c>. Partials re-decode the open utterance each time it has grown by the partial interval
/// (measured in audio, so a stream sent faster than real time gets the same captions); a final decodes it once more
/// when the endpointer closes it. The endpointer is the live stream's segmenter; the final's segments come from the
/// transcription pipeline's one mapping (<see cref="TranscriptSegments"/>), so a saved live session reads like an uploaded recording.
/// With a speaker stage (diarize=true), each final's audio is also embedded and the final and its segments carry the speaker.
/// </summary>
public sealed class LiveTranscriber
{
    private readonly ISpeechRecognizer _recognizer;
    private readonly SubtitleRules _rules;
    private readonly RecognitionOptions _recognition;
    private readonly LiveCaptionOptions _options;
    private readonly Func<LiveServerMessage, CancellationToken, Task> _emit;
    private readonly LiveTelemetry _telemetry;
    private readonly StreamingEndpointer _endpointer;
    private readonly LiveSpeakerStage? _speakers;
    private readonly AudioWindow _window = new();
    private readonly float[] _frame = new float[StreamingEndpointer.FrameSamples];
    private readonly List<FinalMessage> _finals = [];
    private readonly List<TranscriptSegment> _segments = [];
    private readonly int _partialIntervalSamples;
    private readonly int _paddingSamples;
    private int _frameFill;
    private long _nextPartialAt;

    public LiveTranscriber(
        ISpeechRecognizer recognizer,
        SubtitleRules rules,
        LiveStartRequest start,
        LiveCaptionOptions options,
        LiveTelemetry telemetry,
        Func<LiveServerMessage, CancellationToken, Task> emit,
        LiveSpeakerStage? speakers = null)
    {
        _speakers = speakers;
        _recognizer = recognizer;
        _rules = rules;
        _options = options;
        _emit = emit;
        _telemetry = telemetry;
        _endpointer = new StreamingEndpointer(options);
        _partialIntervalSamples = options.PartialIntervalMs * 16;
        _paddingSamples = options.PaddingMs * 16;
        _recognition = new RecognitionOptions { Language = start.Language, Itn = start.Itn, Timestamps = true, Hotwords = start.Hotwords };
    }

    /// <summary>Every final so far, in order: the live transcript.</summary>
    public IReadOnlyList<FinalMessage> Finals => _finals;

    /// <summary>The finals' segments with absolute times, in the native transcript shape (for saving as a lecture).</summary>
    public IReadOnlyList<TranscriptSegment> Segments => _segments;

    /// <summary>The stream's speakers so far; null when it does not tell speakers apart.</summary>
    public LiveSpeakerTracker? Speakers => _speakers?.Tracker;

    /// <summary>Seconds of audio received.</summary>
    public double Duration => (double)_window.End / LiveProtocol.RequiredSampleRate;

    /// <summary>Samples held for the open utterance (bounded by the maximum utterance length).</summary>
    public int HeldSamples => (int)(_window.End - _window.Start);

    public async Task PushAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        _window.Append(samples.Span);
        int offset = 0;
        while (offset < samples.Length)
        {
            int take = Math.Min(_frame.Length - _frameFill, samples.Length - offset);
            samples.Span.Slice(offset, take).CopyTo(_frame.AsSpan(_frameFill));
            _frameFill += take;
            offset += take;
            if (_frameFill < _frame.Length)
            {
                break;
            }

            _frameFill = 0;
            await OnFrameAsync(_endpointer.Push(_frame), cancellationToken);
        }
    }

    /// <summary>End of stream: the open utterance, if any, gets its final.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_endpointer.InUtterance)
        {
            await FinalAsync(_endpointer.UtteranceStart, _window.End, cancellationToken);
        }
    }

    private async Task OnFrameAsync(EndpointEvent endpoint, CancellationToken cancellationToken)
    {
        switch (endpoint)
        {
            case EndpointEvent.Started:
                _nextPartialAt = _endpointer.UtteranceStart + _partialIntervalSamples;
                break;
            case EndpointEvent.Ended:
                await FinalAsync(_endpointer.UtteranceStart, _endpointer.UtteranceEnd, cancellationToken);
                break;
            case EndpointEvent.None when _endpointer.InUtterance && _endpointer.Position >= _nextPartialAt:
                _nextPartialAt += _partialIntervalSamples;
                await PartialAsync(cancellationToken);
                break;
            case EndpointEvent.None when !_endpointer.InUtterance:
                _window.TrimBefore(_endpointer.Position - _paddingSamples);
                break;
        }
    }

    private async Task PartialAsync(CancellationToken cancellationToken)
    {
        long start = _endpointer.UtteranceStart;
        var result = await RecognizeAsync(_window.Slice(start, _endpointer.Position).ToArray(), "partial", cancellationToken);
        if (result.Text.Length > 0)
        {
            _telemetry.Partial();
            await _emit(new PartialMessage(result.Text, Seconds(start)), cancellationToken);
        }
    }

    private async Task FinalAsync(long start, long end, CancellationToken cancellationToken)
    {
        var decodeStarted = Stopwatch.GetTimestamp();
        var clip = _window.Slice(start, end).ToArray();
        // The speaker's embedding runs beside the final decode, so the final waits for the longer of the two, not both.
        var embedding = _speakers?.EmbedAsync(clip, cancellationToken);
        var result = await RecognizeAsync(clip, "final", cancellationToken);
        _window.TrimBefore(end);
        var voice = embedding is null ? null : await embedding;
        if (result.Text.Length == 0)
        {
            return;
        }

        double offset = Seconds(start);
        var segments = result.Segments.SelectMany(segment => TranscriptSegments.From(segment, offset, _rules)).ToList();
        var words = segments.SelectMany(segment => segment.Words).Select(w => new LiveWord(w.Word, w.Start, w.End)).ToList();
        double first = segments.Count > 0 ? segments[0].Start : Math.Round(offset, 3);
        double last = segments.Count > 0 ? segments[^1].End : Math.Round(Seconds(end), 3);
        // Only an utterance with text gets a speaker: a noise the endpointer took for speech opens no one.
        var speaker = _speakers?.Assign(voice, last - first);
        if (speaker is not null)
        {
            segments = [.. segments.Select(segment => segment with { Speaker = speaker.Speaker })];
        }

        var final = new FinalMessage(result.Text, first, last, result.Language, words, speaker?.Speaker, speaker?.Name);
        _segments.AddRange(segments);
        _finals.Add(final);
        _telemetry.Final(Stopwatch.GetElapsedTime(decodeStarted));
        await _emit(final, cancellationToken);
    }

    private Task<RecognitionResult> RecognizeAsync(float[] samples, string kind, CancellationToken cancellationToken)
    {
        using var activity = AsrTelemetry.ActivitySource.StartActivity($"asr.live.{kind}");
        var clip = new AudioClip(samples);
        activity?.SetTag("asr.audio.duration", clip.Duration.TotalSeconds);
        return _recognizer.RecognizeAsync(clip, _recognition, cancellationToken);
    }

    private static double Seconds(long sample) => (double)sample / LiveProtocol.RequiredSampleRate;
}
