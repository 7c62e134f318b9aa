using System.Buffers;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using FFMpegCore;

namespace FunAsr.AsrService.Audio;

/// <summary>Samples ffmpeg produced, with what its log said about the source.</summary>
internal sealed record FfmpegDecoded(float[] Samples, FfmpegLog Log);

/// <summary>
/// Runs ffmpeg with the input on its stdin and 16 kHz mono f32le on its stdout, converting the output as it arrives;
/// no temp files. FFMpegCore builds the arguments; the process is ours because FFMpegCore's output pipe is cancelled and
/// disposed the moment ffmpeg exits, which can drop the last buffered samples. Reading stdout to its end cannot.
/// </summary>
internal sealed class FfmpegPcmDecoder(string ffmpegExecutable)
{
    private const int ReadBytes = 1 << 16;

    /// <param name="isoMedia">
    /// MP4/MOV input (already rewritten with its index first): ignoring the index makes the mov demuxer read the
    /// samples in order instead of seeking, which a pipe cannot do.
    /// </param>
    public async Task<FfmpegDecoded> DecodeAsync(Stream input, bool isoMedia, long maxOutputSamples, CancellationToken cancellationToken)
    {
        var arguments = FFMpegArguments
            .FromUrlInput(new Uri("pipe:0"), options => options
                .WithCustomArgument(isoMedia ? "-hide_banner -nostats -loglevel level+info -fflags +ignidx" : "-hide_banner -nostats -loglevel level+info"))
            .OutputToUrl("pipe:1", options => options
                .DisableVideo()
                .DisableSubtitles()
                .DisableData()
                .WithAudioChannels(1)
                .WithAudioSamplingRate(DecodedAudio.SampleRate)
                .ForceFormat("f32le")
                // Down-mix to the mean of the channels, as the WAV fast path does, not ffmpeg's louder default.
                .WithCustomArgument("-rematrix_maxval 1"))
            .Arguments;

        var start = new ProcessStartInfo(ffmpegExecutable, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("Process.Start returned no process");
        }
        catch (Win32Exception e)
        {
            throw new AudioDecodeException(AudioDecodeFailure.DecoderUnavailable,
                $"ffmpeg could not be started from '{ffmpegExecutable}': {e.Message}; install it with `apt-get install ffmpeg` or set Asr:Audio:FfmpegPath.", e);
        }

        using (process)
        {
            var stderr = new ConcurrentQueue<string>();
            process.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is not null) stderr.Enqueue(line.Data);
            };
            process.BeginErrorReadLine();

            using var samples = new SampleAccumulator();
            using var stopFeeding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Exception? pipeFailure;
            bool tooLong;
            try
            {
                var feeding = FeedAsync(input, process.StandardInput.BaseStream, stopFeeding.Token);
                tooLong = !await ReadPcmAsync(process.StandardOutput.BaseStream, samples, maxOutputSamples, cancellationToken).ConfigureAwait(false);
                if (tooLong)
                {
                    // Stop ffmpeg (and the feeding of an input that may never end) instead of decoding hours of audio
                    // that will be refused anyway.
                    await stopFeeding.CancelAsync().ConfigureAwait(false);
                    Stop(process);
                }

                pipeFailure = await feeding.ConfigureAwait(false);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Stop(process);
                throw;
            }

            cancellationToken.ThrowIfCancellationRequested();

            var log = FfmpegLog.Parse(stderr);
            if (tooLong)
            {
                throw new AudioDecodeException(AudioDecodeFailure.TooLong,
                    $"Audio is longer than the limit of {(double)maxOutputSamples / DecodedAudio.SampleRate:0.###} s (Asr:Audio:MaxDurationSeconds); decoding stopped there.");
            }

            var exitCode = process.ExitCode;
            if (pipeFailure is OperationCanceledException)
            {
                pipeFailure = null;
            }

            if (exitCode != 0 || pipeFailure is not null)
            {
                var reason = log.Reason ?? pipeFailure?.Message ?? $"ffmpeg exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}";
                if (log.InputFormat is not null && !log.HasAudioStream)
                {
                    throw new AudioDecodeException(AudioDecodeFailure.NoAudioStream,
                        $"The {log.InputFormat} input has no audio stream (ffmpeg: {reason}).", pipeFailure) { DecoderMessage = reason };
                }

                throw new AudioDecodeException(AudioDecodeFailure.Undecodable,
                    $"The input could not be decoded as audio (ffmpeg: {reason}).", pipeFailure) { DecoderMessage = reason };
            }

            return new FfmpegDecoded(samples.ToArray(), log);
        }
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

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    /// <summary>Reads f32le samples to the end of ffmpeg's output; false when they passed the limit.</summary>
    private static async Task<bool> ReadPcmAsync(Stream pcm, SampleAccumulator samples, long maxOutputSamples, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            var pending = 0;
            int read;
            while ((read = await pcm.ReadAsync(buffer.AsMemory(pending, ReadBytes - pending), cancellationToken).ConfigureAwait(false)) > 0)
            {
                pending += read;
                var whole = pending & ~3;
                samples.Append(MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole)));
                buffer.AsSpan(whole, pending - whole).CopyTo(buffer);
                pending -= whole;
                if (samples.Count > maxOutputSamples)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
