using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Audio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Audio;

internal static class AudioTestSupport
{
    /// <summary>A decoder built the way the service builds it: AddAudioDecoding over configuration.</summary>
    public static IAudioDecoder CreateDecoder(double? maxDurationSeconds = null, AdmissionControl? admission = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (maxDurationSeconds is { } max) values["Asr:Audio:MaxDurationSeconds"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        if (admission is not null) services.AddSingleton(admission);
        return services.AddAudioDecoding(configuration).BuildServiceProvider().GetRequiredService<IAudioDecoder>();
    }

    /// <summary>Admission as the service configures it, with any of <see cref="AdmissionOptions"/> changed.</summary>
    public static AdmissionControl CreateAdmission(Action<AdmissionOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new AdmissionOptions();
        configure?.Invoke(options);
        return new AdmissionControl(Microsoft.Extensions.Options.Options.Create(options), new AdmissionTelemetry(new TestMeterFactory()), time ?? TimeProvider.System);
    }

    public static Task<DecodedAudio> DecodeAsync(this IAudioDecoder decoder, byte[] bytes) =>
        decoder.DecodeAsync(new TrickleStream(bytes), CancellationToken.None);

    /// <summary>Pipe sockets FFMpegCore creates under the temp folder.</summary>
    public static HashSet<string> PipeFiles() =>
        Directory.EnumerateFileSystemEntries(Path.GetTempPath(), "CoreFxPipe_FFMpegCore_*").ToHashSet();

    /// <summary>
    /// Fails when a pipe socket that appeared since <paramref name="before"/> stays; ones from other test
    /// processes running at the same time vanish within moments, a leaked one does not.
    /// </summary>
    public static async Task AssertNoPipeFilesLeftAsync(HashSet<string> before)
    {
        string[] added = [];
        for (var attempt = 0; attempt < 30; attempt++)
        {
            added = PipeFiles().Except(before).ToArray();
            if (added.Length == 0) return;
            await Task.Delay(100);
        }

        Assert.Fail($"Pipe files left behind: {string.Join(", ", added)}");
    }
}

/// <summary>A non-seekable stream that hands out a few hundred bytes per read, like a slow upload.</summary>
internal sealed class TrickleStream(byte[] data, int chunk = 700) : ForwardOnlyReadStream
{
    private int _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var take = Math.Min(Math.Min(count, chunk), data.Length - _position);
        data.AsSpan(_position, take).CopyTo(buffer.AsSpan(offset));
        _position += take;
        return take;
    }
}

/// <summary>What an upload looks like to the decoder: readable once, front to back, with no length or seeking.</summary>
internal abstract class ForwardOnlyReadStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
