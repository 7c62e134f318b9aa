using System.Buffers.Binary;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Telemetry;
using FunAsr.Text.Sensitive;

namespace FunAsr.AsrService.Compliance;

/// <summary>
/// <c>redact_audio=true</c> on a job: the kept recording is replaced by the decoded 16 kHz audio with every redacted span
/// silenced (padded a little, with short fades so no click marks the edge), written as 16-bit PCM WAV, so playback and
/// downloads (<c>/api/asr/recordings/{id}</c>) no longer carry what was said there. The clear upload is not kept.
/// </summary>
public sealed class AudioRedactor(JobAudioStore audioStore, JobStore jobs, ILogger<AudioRedactor> logger)
{
    /// <summary>Silence added before and after each span: word times are token onsets, and speech rings a little past them.</summary>
    public const double PaddingSeconds = 0.1;

    private const double FadeSeconds = 0.01;

    public async Task SilenceAsync(string id, float[] samples, IReadOnlyList<SensitiveFinding> redacted, CancellationToken cancellationToken)
    {
        using var activity = AsrTelemetry.StartStage("redact.audio");
        var spans = redacted.Where(f => f.StartTime is not null && f.EndTime is not null).Select(f => (f.StartTime!.Value, f.EndTime!.Value)).ToList();
        activity?.SetTag("asr.redact.audio_spans", spans.Count);
        var silenced = Silence(samples, spans);
        var path = audioStore.PathOf(id);
        var partial = path + ".redacting";
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await WriteWavAsync(file, silenced, cancellationToken);
            }
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        // Playback and re-transcription read the kept recording's name and type from the job.
        var media = await jobs.GetMediaAsync(id);
        var name = Path.ChangeExtension(media?.FileName ?? "recording", ".wav");
        await jobs.Database.HashSetAsync(JobStore.Key(id), [new("fileName", name), new("contentType", "audio/wav")]);
        logger.LogInformation("Job {JobId}: {Count} span(s) silenced in the kept recording", id, spans.Count);
    }

    /// <summary>A copy of <paramref name="samples"/> (16 kHz) with each span, padded, set to silence behind short fades.</summary>
    public static float[] Silence(float[] samples, IReadOnlyList<(double Start, double End)> spans)
    {
        var result = (float[])samples.Clone();
        var rate = AudioClip.EngineSampleRate;
        var fade = (int)(FadeSeconds * rate);
        foreach (var (start, end) in spans)
        {
            var from = Math.Clamp((int)((start - PaddingSeconds) * rate), 0, result.Length);
            var to = Math.Clamp((int)Math.Ceiling((end + PaddingSeconds) * rate), from, result.Length);
            result.AsSpan(from, to - from).Clear();
            for (var i = 1; i <= fade; i++)
            {
                var gain = (float)i / (fade + 1);
                if (from - i >= 0)
                {
                    result[from - i] *= gain;
                }
                if (to - 1 + i < result.Length)
                {
                    result[to - 1 + i] *= gain;
                }
            }
        }
        return result;
    }

    private static async Task WriteWavAsync(Stream output, float[] samples, CancellationToken cancellationToken)
    {
        var rate = AudioClip.EngineSampleRate;
        var dataBytes = samples.Length * 2;
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), rate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), dataBytes);
        await output.WriteAsync(header, cancellationToken);
        var buffer = new byte[64 * 1024];
        for (var offset = 0; offset < samples.Length; offset += buffer.Length / 2)
        {
            var count = Math.Min(buffer.Length / 2, samples.Length - offset);
            for (var i = 0; i < count; i++)
            {
                var value = Math.Clamp(samples[offset + i], -1f, 1f);
                BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(i * 2), (short)Math.Round(value * 32767f));
            }
            await output.WriteAsync(buffer.AsMemory(0, count * 2), cancellationToken);
        }
    }
}
