using System.Buffers;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Runs ffmpeg with the input on its stdin and 16 kHz mono f32le on its stdout, handing the output on as it arrives;
/// no temp files. Locked down for hostile input: only the pipe protocol and a list of audio/video demuxers (no playlist,
/// concat, SDP or image reader can reach a file or URL), bounded threads and allocations, a wall-clock limit, and its own
/// process group, killed whole on cancellation, timeout or refusal. Reading stdout to its end loses no samples.
/// </summary>
internal sealed partial class FfmpegPcmDecoder(string ffmpegExecutable, AudioOptions options, TimeProvider time)
{
    /// <summary>
    /// The demuxers ffmpeg may pick for an upload: containers of recorded audio (and of video with a sound track). Left out
    /// on purpose: hls, dash, concat, sdp/rtp/rtsp, image2 and the other formats that open further files or URLs by name.
    /// </summary>
    public const string AllowedDemuxers =
        "aac,ac3,aiff,amr,amrnb,amrwb,ape,asf,au,avi,caf,dts,eac3,flac,flv,gsm,loas,matroska,mov,mp3,mpc,mpc8,mpeg,mpegts," +
        "ogg,rm,tta,voc,w64,wav,wv,xwma";

    /// <summary>The largest single allocation ffmpeg may make (<c>-max_alloc</c>); audio needs a few MB at most.</summary>
    public const long MaxAllocationBytes = 256L * 1024 * 1024;

    private const int ReadBytes = 1 << 16;

    /// <summary>A declared duration this much past the limit is refused before decoding; nearer, the decoded length decides.</summary>
    private const double DeclaredTolerance = 0.5;

    private const int SigKill = 9;

    // setsid(1) makes ffmpeg the leader of a new process group, so whatever it might start dies with it.
    private static readonly string? Setsid = OperatingSystem.IsLinux() ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists) : null;

    /// <param name="isoMedia">
    /// MP4/MOV input (already reordered with its index first): ignoring the index makes the mov demuxer read the
    /// samples in order instead of seeking, which a pipe cannot do.
    /// </param>
    /// <returns>What ffmpeg said about the input; the samples went to <paramref name="output"/>.</returns>
    public async Task<FfmpegLog> DecodeAsync(Stream input, bool isoMedia, DecodedSampleWriter output, DurationLimit limit, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.Start(StartInfo(isoMedia)) ?? throw new Win32Exception("Process.Start returned no process");
        }
        catch (Win32Exception e)
        {
            throw new AudioDecodeException(AudioDecodeFailure.DecoderUnavailable,
                $"ffmpeg could not be started from '{ffmpegExecutable}': {e.Message}; install it with `apt-get install ffmpeg` or set Asr:Audio:FfmpegPath.", e);
        }

        using (process)
        {
            var stderr = new ConcurrentQueue<string>();
            using var timeout = new CancellationTokenSource(options.DecodeTimeout, time);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var stopFeeding = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
            var declared = new DeclaredDuration(limit.Seconds + DeclaredTolerance);
            process.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is null) return;
                stderr.Enqueue(line.Data);
                if (declared.Exceeded(line.Data)) Cancel(run);
            };
            process.BeginErrorReadLine();

            Task<Exception?>? feeding = null;
            var finished = false;
            bool tooLong;
            Exception? pipeFailure;
            try
            {
                feeding = FeedAsync(input, process.StandardInput.BaseStream, stopFeeding.Token);
                tooLong = !await ReadPcmAsync(process.StandardOutput.BaseStream, output, run.Token).ConfigureAwait(false);
                if (tooLong)
                {
                    // Stop ffmpeg (and the feeding of an input that may never end) instead of decoding hours of audio
                    // that will be refused anyway.
                    await stopFeeding.CancelAsync().ConfigureAwait(false);
                    Stop(process);
                }

                pipeFailure = await feeding.ConfigureAwait(false);
                await process.WaitForExitAsync(run.Token).ConfigureAwait(false);
                finished = true;
            }
            catch (OperationCanceledException) when (declared.Seconds is { } seconds)
            {
                throw limit.TooLong(seconds, "declared by its container as");
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new AudioDecodeException(AudioDecodeFailure.TimedOut, string.Create(CultureInfo.InvariantCulture,
                    $"Decoding took longer than {options.DecodeTimeout.TotalSeconds:0.#} s (Asr:Audio:DecodeTimeout) and was stopped; the input is pathological or the replica is overloaded."));
            }
            finally
            {
                if (!finished)
                {
                    // Whatever ended the decode early (cancellation, a refusal, no memory left): nothing of ffmpeg survives it.
                    Stop(process);
                    await stopFeeding.CancelAsync().ConfigureAwait(false);
                    if (feeding is not null) await feeding.ConfigureAwait(false);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            // Refused whenever the container declares too much, even if ffmpeg was quicker to finish than we were to read it.
            if (declared.Seconds is { } declaredSeconds) throw limit.TooLong(declaredSeconds, "declared by its container as");
            var log = FfmpegLog.Parse(stderr);
            if (tooLong) throw limit.TooLong((double)output.Count / DecodedAudio.SampleRate);

            if (stderr.FirstOrDefault(l => l.StartsWith("setsid: ", StringComparison.Ordinal)) is { } setsidFailure)
            {
                throw new AudioDecodeException(AudioDecodeFailure.DecoderUnavailable,
                    $"ffmpeg could not be started from '{ffmpegExecutable}' ({setsidFailure}); install it with `apt-get install ffmpeg` or set Asr:Audio:FfmpegPath.");
            }

            var exitCode = process.ExitCode;
            if (pipeFailure is OperationCanceledException) pipeFailure = null;

            if (exitCode != 0 || pipeFailure is not null)
            {
                if (log.RefusedFormat is { } refused)
                {
                    throw new AudioDecodeException(AudioDecodeFailure.NoAudioStream,
                        $"The input is '{refused}' (as ffmpeg names it), not an accepted audio or video container: playlists, " +
                        "concat lists, pictures and other formats that are not recordings are refused.") { DecoderMessage = $"{refused}: format not accepted" };
                }

                var reason = log.Reason ?? pipeFailure?.Message ?? $"ffmpeg exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}";
                if (log.InputFormat is not null && !log.HasAudioStream)
                {
                    throw new AudioDecodeException(AudioDecodeFailure.NoAudioStream,
                        $"The {log.InputFormat} input has no audio stream (ffmpeg: {reason}).", pipeFailure) { DecoderMessage = reason };
                }

                throw new AudioDecodeException(AudioDecodeFailure.Undecodable,
                    $"The input could not be decoded as audio (ffmpeg: {reason}).", pipeFailure) { DecoderMessage = reason };
            }

            return log;
        }
    }

    private ProcessStartInfo StartInfo(bool isoMedia)
    {
        var start = new ProcessStartInfo(Setsid ?? ffmpegExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Setsid is not null) start.ArgumentList.Add(ffmpegExecutable);
        var threads = options.FfmpegThreads.ToString(CultureInfo.InvariantCulture);
        string[] arguments =
        [
            "-hide_banner", "-nostats", "-loglevel", "level+info",
            "-max_alloc", MaxAllocationBytes.ToString(CultureInfo.InvariantCulture),
            "-filter_threads", threads,
            // Input options: what may be opened, and by which demuxer.
            "-protocol_whitelist", "pipe",
            "-format_whitelist", AllowedDemuxers,
            "-threads", threads,
            .. isoMedia ? (string[])["-fflags", "+ignidx"] : [],
            "-i", "pipe:0",
            // Output: the engine's format. -rematrix_maxval 1 makes the down-mix the mean of the channels, as the WAV
            // fast path does, instead of ffmpeg's louder default.
            "-vn", "-sn", "-dn", "-ac", "1", "-ar", "16000", "-rematrix_maxval", "1", "-threads", threads,
            "-f", "f32le", "pipe:1",
        ];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>Copies the input to ffmpeg's stdin and closes it; returns what went wrong, if anything.</summary>
    /// <remarks>
    /// Failures are returned, not thrown: ffmpeg closing its stdin early means it gave up on the data (its log says why),
    /// and a broken upload is told apart by the caller through its replay stream.
    /// </remarks>
    private static async Task<Exception?> FeedAsync(Stream input, Stream stdin, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, ReadBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await stdin.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
                // ffmpeg already closed its end.
            }
        }
    }

    /// <summary>Kills ffmpeg's whole process group (and, where there is none, its process tree).</summary>
    private static void Stop(Process process)
    {
        try
        {
            if (process.HasExited) return;
            if (Setsid is not null) _ = SendSignal(-process.Id, SigKill);
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The decode is already over.
        }
    }

    /// <summary>Hands ffmpeg's f32le output on as it arrives; false when it passed the limit.</summary>
    private static async Task<bool> ReadPcmAsync(Stream pcm, DecodedSampleWriter output, CancellationToken cancellationToken)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(ReadBytes);
        var samples = ArrayPool<float>.Shared.Rent(ReadBytes / sizeof(float));
        try
        {
            var pending = 0;
            int read;
            while ((read = await pcm.ReadAsync(bytes.AsMemory(pending, ReadBytes - pending), cancellationToken).ConfigureAwait(false)) > 0)
            {
                pending += read;
                var whole = pending & ~3;
                MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, whole)).CopyTo(samples);
                bytes.AsSpan(whole, pending - whole).CopyTo(bytes);
                pending -= whole;
                if (!await output.WriteAsync(samples.AsMemory(0, whole / sizeof(float)), cancellationToken).ConfigureAwait(false)) return false;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<float>.Shared.Return(samples);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>Watches ffmpeg's log for the input's declared duration, until it starts describing its output.</summary>
    private sealed class DeclaredDuration(double limitSeconds)
    {
        private int _done;
        private double _seconds = double.NaN;

        /// <summary>The declared duration, once it was found past the limit.</summary>
        public double? Seconds => double.IsNaN(Volatile.Read(ref _seconds)) ? null : Volatile.Read(ref _seconds);

        public bool Exceeded(string line)
        {
            if (Volatile.Read(ref _done) != 0) return false;
            if (FfmpegLog.StartsOutput(line))
            {
                Volatile.Write(ref _done, 1);
                return false;
            }

            if (FfmpegLog.DeclaredSeconds(line) is not { } seconds) return false;
            Volatile.Write(ref _done, 1);
            if (seconds <= limitSeconds) return false;
            Volatile.Write(ref _seconds, seconds);
            return true;
        }
    }
}
