using System.Buffers;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using FFMpegCore;
using FFMpegCore.Exceptions;
using FFMpegCore.Pipes;

namespace FunAsr.AsrService.Audio;

/// <summary>Samples ffmpeg produced, with what its log said about the source.</summary>
internal sealed record FfmpegDecoded(float[] Samples, FfmpegLog Log);

/// <summary>
/// Runs ffmpeg with the input on one pipe and 16 kHz mono f32le on another (FFMpegCore's StreamPipeSource and
/// StreamPipeSink), converting the output as it arrives; no temp files.
/// </summary>
internal sealed class FfmpegPcmDecoder(string ffmpegExecutable)
{
    private const int ReadBytes = 1 << 16;

    /// <param name="isoMedia">
    /// MP4/MOV input: ffmpeg 5 treats FFMpegCore's unix-socket pipe as seekable, so its mov demuxer would read past
    /// the media data and then fail to seek back; ignoring the index makes it read the samples in order.
    /// </param>
    public async Task<FfmpegDecoded> DecodeAsync(Stream input, bool isoMedia, long maxOutputSamples, CancellationToken cancellationToken)
    {
        using var samples = new SampleAccumulator();
        var stderr = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tooLong = false;

        async Task ReadPcmAsync(Stream pcm, CancellationToken token)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ReadBytes);
            try
            {
                var pending = 0;
                int read;
                while ((read = await pcm.ReadAsync(buffer.AsMemory(pending, ReadBytes - pending), token).ConfigureAwait(false)) > 0)
                {
                    pending += read;
                    var whole = pending & ~3;
                    samples.Append(MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole)));
                    buffer.AsSpan(whole, pending - whole).CopyTo(buffer);
                    pending -= whole;
                    if (samples.Count > maxOutputSamples)
                    {
                        // Stop ffmpeg instead of decoding hours of audio that will be refused anyway.
                        tooLong = true;
                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        var processor = FFMpegArguments
            .FromPipeInput(new StreamPipeSource(input), options => options
                .WithCustomArgument(isoMedia ? "-hide_banner -nostats -loglevel level+info -fflags +ignidx" : "-hide_banner -nostats -loglevel level+info"))
            .OutputToPipe(new StreamPipeSink(ReadPcmAsync) { Format = "f32le" }, options => options
                .DisableVideo()
                .DisableSubtitles()
                .DisableData()
                .WithAudioChannels(1)
                .WithAudioSamplingRate(DecodedAudio.SampleRate)
                // Down-mix to the mean of the channels, as the WAV fast path does, not ffmpeg's louder default.
                .WithCustomArgument("-rematrix_maxval 1"))
            .NotifyOnStandardError(stderr.Enqueue)
            .CancellableThrough(stop.Token, TimeSpan.Zero);

        var ffOptions = new FFOptions { BinaryFolder = Path.GetDirectoryName(ffmpegExecutable)! };
        Exception? pipeFailure = null;
        var exitCode = 0;
        try
        {
            var result = await processor.ProcessAsynchronously(throwOnError: false, ffOptions).ConfigureAwait(false);
            exitCode = result.ExitCode;
        }
        catch (OperationCanceledException) when (tooLong || cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is Win32Exception || (e is FFMpegException && !File.Exists(ffmpegExecutable)))
        {
            throw new AudioDecodeException(AudioDecodeFailure.DecoderUnavailable,
                $"ffmpeg could not be started from '{ffmpegExecutable}': {e.Message}; install it with `apt-get install ffmpeg` or set Asr:Audio:FfmpegPath.", e);
        }
        catch (IOException e)
        {
            // ffmpeg closed its input early (it gave up on the data); its log says why.
            pipeFailure = e;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var log = FfmpegLog.Parse(stderr);
        if (tooLong)
        {
            throw new AudioDecodeException(AudioDecodeFailure.TooLong,
                $"Audio is longer than the limit of {(double)maxOutputSamples / DecodedAudio.SampleRate:0.###} s (Asr:Audio:MaxDurationSeconds); decoding stopped there.");
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
