using System.Buffers.Binary;
using FunAsr.AsrService.Audio;

namespace FunAsr.Tests.AsrApi.Fakes;

/// <summary>Decodes 16-bit PCM WAV at 16 kHz mono only; everything else fails the way the ffmpeg decoder reports it.</summary>
public sealed class WavOnlyDecoder : IAudioDecoder
{
    public async Task<DecodedAudio> DecodeAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            throw new AudioDecodeException(AudioDecodeFailure.Empty, "The upload is empty (0 bytes).");
        }
        if (bytes.Length < 44 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8))
        {
            throw new AudioDecodeException(AudioDecodeFailure.Undecodable, "ffmpeg: Invalid data found when processing input");
        }
        var samples = new float[(bytes.Length - 44) / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i)) / 32768f;
        }
        return new DecodedAudio(samples, 16_000, 1, "wav");
    }
}
