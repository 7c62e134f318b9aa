using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Recognition;
using FunAsr.Text.Subtitles;

namespace FunAsr.AsrService.Streaming;

/// <summary>
/// One live-caption WebSocket: the start message, then binary audio until "stop" or close. Receiving and
/// transcribing run apart, joined by a queue whose depth (in seconds of audio) is the back-pressure bound. When the
/// replica stops (<see cref="Drain"/>) the session stops reading, transcribes what it already has, sends those finals and
/// an <c>end</c> with reason <c>server_shutdown</c>, and closes with 1001 (going away), so the client can reconnect.
/// </summary>
public sealed class LiveCaptionSession(
    WebSocket socket,
    ISpeechRecognizer recognizer,
    SubtitleRules rules,
    LiveCaptionOptions options,
    LiveTelemetry telemetry,
    ILogger logger)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly string _id = Guid.NewGuid().ToString("n")[..12];
    private readonly Channel<float[]> _audio = Channel.CreateUnbounded<float[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly byte[] _carry = new byte[4];
    private int _carryCount;
    private long _queuedSamples;
    private long _unchargedSamples;

    /// <summary>Audio is charged to the caller's budget in pieces of this length as it arrives (and the rest at the end).</summary>
    public const double ChargeEverySeconds = 10;

    public const string ShutdownReason = "server_shutdown";

    /// <summary>Called with the transcript when the client stops with save=true; returns the lecture id.</summary>
    public Func<LiveTranscriber, string, CancellationToken, Task<string>>? Save { get; init; }

    /// <summary>Called with each final once it is sent, with the session id; the messages it returns follow the final (alerts).</summary>
    public Func<string, FinalMessage, CancellationToken, Task<IReadOnlyList<LiveServerMessage>>>? OnFinal { get; init; }

    /// <summary>
    /// Charges seconds of received audio to the caller's budget; throws a <see cref="LiveProtocolException"/> to end a
    /// stream whose caller has spent it.
    /// </summary>
    public Func<double, CancellationToken, Task>? Charge { get; init; }

    /// <summary>The address asked for speakers (<c>diarize=true</c>, checked before the upgrade); the start message may ask too.</summary>
    public bool Diarize { get; init; }

    /// <summary>Opens the speaker stage of a stream that asked for speakers; unset, such a stream is refused.</summary>
    public Func<CancellationToken, Task<LiveSpeakerStage>>? OpenSpeakers { get; init; }

    /// <summary>What the stream masks (<c>redact</c>) in the captions it sends; null when it masks nothing.</summary>
    public LiveRedaction? Redaction { get; init; }

    /// <summary>Cancelled when the replica starts stopping: the session ends itself within the shutdown window.</summary>
    public CancellationToken Drain { get; init; }

    private Task<WebSocketReceiveResult>? _pendingReceive;
    private bool _drained;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(options.MaxMessageBytes);
        try
        {
            var first = await ReceiveAsync(buffer, cancellationToken);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                return "closed-before-start";
            }

            if (first.MessageType == WebSocketMessageType.Binary)
            {
                throw new LiveProtocolException(WebSocketCloseStatus.InvalidMessageType, "binary_before_start",
                    "Send the JSON start message before any audio.");
            }

            var start = LiveProtocol.ParseStart(buffer.AsSpan(0, first.Count), recognizer.Model.Languages);
            var speakers = Diarize || start.Diarize ? await OpenSpeakersAsync(cancellationToken) : null;
            var transcriber = new LiveTranscriber(recognizer, rules, start, options, telemetry, EmitAsync, speakers);
            await SendAsync(new ReadyMessage(_id, recognizer.Model.Id, LiveProtocol.RequiredSampleRate, options.PartialIntervalMs, speakers is null ? null : true),
                cancellationToken);

            using var transcribing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var transcription = TranscribeAsync(transcriber, transcribing.Token);
            LiveProtocol.ControlMessage? stop;
            try
            {
                stop = await ReceiveAudioAsync(buffer, start, transcription, cancellationToken);
            }
            catch
            {
                await transcribing.CancelAsync();
                await transcription.ContinueWith(_ => { }, TaskScheduler.Default);
                throw;
            }

            _audio.Writer.TryComplete();
            await ChargeReceivedAsync(final: true, cancellationToken);
            await transcription;
            await transcriber.FlushAsync(cancellationToken);
            if (stop?.Save == true && Save is not null && transcriber.Finals.Count > 0)
            {
                var title = string.IsNullOrWhiteSpace(stop.Title) ? $"Live session {DateTime.UtcNow:yyyy-MM-dd HH:mm}" : stop.Title.Trim();
                var lectureId = await Save(transcriber, title, cancellationToken);
                await SendAsync(new SavedMessage(lectureId, title), cancellationToken);
            }

            if (_drained)
            {
                await SendAsync(new EndMessage(Math.Round(transcriber.Duration, 3), transcriber.Finals.Count, ShutdownReason), cancellationToken);
                await CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down: reconnect to continue", cancellationToken);
                await AwaitPendingReceiveAsync();
                logger.LogInformation("Live stream {SessionId} ended by shutdown after {Finals} finals", _id, transcriber.Finals.Count);
                return "drained";
            }

            await SendAsync(new EndMessage(Math.Round(transcriber.Duration, 3), transcriber.Finals.Count), cancellationToken);
            await CloseAsync(WebSocketCloseStatus.NormalClosure, "stream ended", cancellationToken);
            return "completed";
        }
        catch (LiveProtocolException ex)
        {
            logger.LogInformation("Live stream {SessionId} closed: {Code} {Message}", _id, ex.Code, ex.Message);
            await FailAsync(ex.Status, ex.Code, ex.Message, cancellationToken);
            return ex.Code;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return "aborted";
        }
        catch (WebSocketException ex)
        {
            logger.LogInformation("Live stream {SessionId} dropped by the client: {Message}", _id, ex.Message);
            return "dropped";
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Live stream {SessionId} failed", _id);
            await FailAsync(WebSocketCloseStatus.InternalServerError, "transcription_failed",
                $"Transcription failed on the server ({ex.GetType().Name}); the stream was closed. Try again.", cancellationToken);
            return "failed";
        }
        finally
        {
            if (_pendingReceive is { IsCompleted: false })
            {
                // The buffer goes back to the pool only once nothing can write into it any more.
                socket.Abort();
                await _pendingReceive.ContinueWith(_ => { }, TaskScheduler.Default);
            }
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Task<LiveSpeakerStage> OpenSpeakersAsync(CancellationToken cancellationToken) => OpenSpeakers is { } open
        ? open(cancellationToken)
        : throw new LiveProtocolException(WebSocketCloseStatus.InternalServerError, "diarization_unavailable",
            "This server cannot tell speakers apart in live captions; start the stream without diarize.");

    /// <summary>
    /// Receives audio until stop or close; returns the stop message (null when the client just closed, or when the replica
    /// started stopping: then the receive in progress is left pending, since cancelling it would abort the socket).
    /// </summary>
    private async Task<LiveProtocol.ControlMessage?> ReceiveAudioAsync(byte[] buffer, LiveStartRequest start, Task transcription, CancellationToken cancellationToken)
    {
        long maxBacklog = (long)(options.MaxBacklogSeconds * LiveProtocol.RequiredSampleRate);
        var drained = Task.Delay(Timeout.Infinite, Drain).ContinueWith(_ => { }, TaskScheduler.Default);
        while (true)
        {
            var receive = ReceiveAsync(buffer, cancellationToken);
            if (!receive.IsCompleted && await Task.WhenAny(receive, drained) == drained)
            {
                (_pendingReceive, _drained) = (receive, true);
                return null;
            }
            var message = await receive;
            if (transcription.IsFaulted)
            {
                await transcription;
            }

            switch (message.MessageType)
            {
                case WebSocketMessageType.Close:
                    return null;
                case WebSocketMessageType.Text:
                    return LiveProtocol.ParseControl(buffer.AsSpan(0, message.Count));
            }

            var samples = Decode(buffer.AsSpan(0, message.Count), start);
            if (Interlocked.Add(ref _queuedSamples, samples.Length) > maxBacklog)
            {
                throw new LiveProtocolException(WebSocketCloseStatus.PolicyViolation, "too_fast",
                    $"Audio is arriving faster than it can be transcribed: more than {options.MaxBacklogSeconds:0.#} s are waiting. Send at real-time speed.");
            }

            await _audio.Writer.WriteAsync(samples, cancellationToken);
            _unchargedSamples += samples.Length;
            if (_unchargedSamples >= ChargeEverySeconds * LiveProtocol.RequiredSampleRate)
            {
                await ChargeReceivedAsync(final: false, cancellationToken);
            }
        }
    }

    // The last piece is charged without ending a stream that is ending anyway.
    private async Task ChargeReceivedAsync(bool final, CancellationToken cancellationToken)
    {
        if (Charge is null || _unchargedSamples == 0)
        {
            return;
        }
        var seconds = (double)_unchargedSamples / LiveProtocol.RequiredSampleRate;
        _unchargedSamples = 0;
        try
        {
            await Charge(seconds, cancellationToken);
        }
        catch (LiveProtocolException) when (final)
        {
        }
    }

    private async Task TranscribeAsync(LiveTranscriber transcriber, CancellationToken cancellationToken)
    {
        await foreach (var samples in _audio.Reader.ReadAllAsync(cancellationToken))
        {
            await transcriber.PushAsync(samples, cancellationToken);
            Interlocked.Add(ref _queuedSamples, -samples.Length);
        }
    }

    private float[] Decode(ReadOnlySpan<byte> bytes, LiveStartRequest start)
    {
        int width = start.BytesPerSample;
        int total = _carryCount + bytes.Length;
        var samples = new float[total / width];
        int produced = 0;
        if (_carryCount > 0)
        {
            int needed = width - _carryCount;
            if (bytes.Length < needed)
            {
                bytes.CopyTo(_carry.AsSpan(_carryCount));
                _carryCount += bytes.Length;
                return samples;
            }

            bytes[..needed].CopyTo(_carry.AsSpan(_carryCount));
            samples[produced++] = ReadSample(_carry, start.Format);
            bytes = bytes[needed..];
            _carryCount = 0;
        }

        int whole = bytes.Length / width * width;
        for (int i = 0; i < whole; i += width)
        {
            samples[produced++] = ReadSample(bytes.Slice(i, width), start.Format);
        }

        bytes[whole..].CopyTo(_carry);
        _carryCount = bytes.Length - whole;
        return samples;
    }

    private static float ReadSample(ReadOnlySpan<byte> bytes, LiveAudioFormat format) => format == LiveAudioFormat.PcmS16Le
        ? BinaryPrimitives.ReadInt16LittleEndian(bytes) / 32768f
        : float.IsFinite(BinaryPrimitives.ReadSingleLittleEndian(bytes)) ? BinaryPrimitives.ReadSingleLittleEndian(bytes) : 0f;

    private async Task<WebSocketReceiveResult> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(TimeSpan.FromSeconds(options.IdleTimeoutSeconds));
        int count = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(count, options.MaxMessageBytes - count), idle.Token);
                count += result.Count;
                if (result.MessageType == WebSocketMessageType.Close || result.EndOfMessage)
                {
                    return new WebSocketReceiveResult(count, result.MessageType, true);
                }

                if (count >= options.MaxMessageBytes)
                {
                    throw new LiveProtocolException(WebSocketCloseStatus.MessageTooBig, "message_too_big",
                        $"Messages may be at most {options.MaxMessageBytes} bytes; send audio in smaller chunks.");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LiveProtocolException(WebSocketCloseStatus.PolicyViolation, "idle_timeout",
                $"Nothing was received for {options.IdleTimeoutSeconds} s; the stream was closed.");
        }
    }

    // The client gets the masked caption; the finding monitor screens the clear one, so alerts still fire on what was said.
    private async Task EmitAsync(LiveServerMessage message, CancellationToken cancellationToken)
    {
        await SendAsync(Redaction is null ? message : message switch
        {
            PartialMessage partial => Redaction.Mask(partial),
            FinalMessage clear => Redaction.Mask(clear),
            _ => message,
        }, cancellationToken);
        if (message is FinalMessage final && OnFinal is not null)
        {
            foreach (var follow in await OnFinal(_id, final, cancellationToken))
            {
                await SendAsync(follow, cancellationToken);
            }
        }
    }

    private async Task SendAsync(LiveServerMessage message, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(message, LiveJsonContext.Default.LiveServerMessage);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.SendTimeoutSeconds));
        await _sendLock.WaitAsync(timeout.Token);
        try
        {
            await socket.SendAsync(json, WebSocketMessageType.Text, true, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Abort();
            throw new WebSocketException($"The client did not read its captions for {options.SendTimeoutSeconds} s.");
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Tells the client why it cannot be served and closes.</summary>
    public Task RefuseAsync(WebSocketCloseStatus status, string code, string message, CancellationToken cancellationToken) =>
        FailAsync(status, code, message, cancellationToken);

    private async Task FailAsync(WebSocketCloseStatus status, string code, string message, CancellationToken cancellationToken)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await SendAsync(new ErrorMessage(code, message), cancellationToken);
                await CloseAsync(status, code, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    /// <summary>After our close, the client's close frame (or anything) ends the receive left pending by the drain.</summary>
    private async Task AwaitPendingReceiveAsync()
    {
        if (_pendingReceive is { } pending)
        {
            try
            {
                await pending.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is TimeoutException or WebSocketException or OperationCanceledException or LiveProtocolException)
            {
            }
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
    }
}
