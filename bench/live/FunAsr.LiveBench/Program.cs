using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

// Streams a 16 kHz mono 16-bit WAV to /api/asr/stream at real-time speed (100 ms chunks) and prints the latency of each
// final caption from the end of the utterance's last word (found in the WAV itself: the last 10 ms frame within 35 dB of
// the loudest before at least 700 ms of quiet), beside the latency from the segment end the service reports (which
// includes its trailing padding), and the cadence of partial captions.
// Usage: dotnet run --project bench/live/FunAsr.LiveBench -- ws://127.0.0.1:5000/api/asr/stream file.wav [api-key]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: FunAsr.LiveBench <ws-url> <16kHz-mono-s16.wav> [api-key]");
    return 2;
}

var pcm = ReadPcm(File.ReadAllBytes(args[1]));
var wordEnds = LastWordEnds(pcm);
using var socket = new ClientWebSocket();
if (args.Length > 2)
{
    socket.Options.SetRequestHeader("X-Api-Key", args[2]);
}

await socket.ConnectAsync(new Uri(args[0]), CancellationToken.None);
await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"start","format":"pcm_s16le","sample_rate":16000}"""), WebSocketMessageType.Text, true, CancellationToken.None);

var clock = Stopwatch.StartNew();
var sender = Task.Run(async () =>
{
    const int chunk = 3_200;
    for (int offset = 0, n = 0; offset < pcm.Length; offset += chunk, n++)
    {
        var due = TimeSpan.FromMilliseconds(100 * n);
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed);
        }

        await socket.SendAsync(pcm.AsMemory(offset, Math.Min(chunk, pcm.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
    }

    await socket.SendAsync("""{"type":"stop"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
});

var finalLatencies = new List<double>();
var fromLastWord = new List<double>();
var partialTimes = new List<double>();
var buffer = new byte[1 << 16];
while (true)
{
    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
    if (result.MessageType == WebSocketMessageType.Close)
    {
        break;
    }

    var now = clock.Elapsed.TotalSeconds;
    using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
    switch (message.RootElement.GetProperty("type").GetString())
    {
        case "partial":
            partialTimes.Add(now);
            break;
        case "final":
            var end = message.RootElement.GetProperty("end").GetDouble();
            finalLatencies.Add(now - end);
            // The utterance's last word: the latest end of speech inside the reported segment (which ends PaddingMs after it).
            var wordEnd = wordEnds.LastOrDefault(w => w <= end + 0.05, double.NaN);
            if (!double.IsNaN(wordEnd))
            {
                fromLastWord.Add(now - wordEnd);
            }

            var text = message.RootElement.GetProperty("text").GetString() ?? "";
            Console.WriteLine($"final at {now,7:0.000} s (last word ended {wordEnd,7:0.000} s, reported end {end,7:0.000} s): {text[..Math.Min(60, text.Length)]}");
            break;
        case "error":
            Console.Error.WriteLine(message.RootElement.GetProperty("message").GetString());
            return 1;
    }
}

await sender;
var cadence = partialTimes.Zip(partialTimes.Skip(1), (a, b) => (b - a) * 1000).ToList();
Console.WriteLine($"audio {pcm.Length / 32000.0:0.0} s, {finalLatencies.Count} finals, {partialTimes.Count} partials");
Console.WriteLine($"end of last word → final: median {Median(fromLastWord) * 1000:0} ms, mean {Mean(fromLastWord) * 1000:0} ms, " +
    $"max {(fromLastWord.Count > 0 ? fromLastWord.Max() * 1000 : 0):0} ms over {fromLastWord.Count} utterances (includes the endpointer's silence wait)");
Console.WriteLine($"reported segment end → final: mean {Mean(finalLatencies) * 1000:0} ms, max {(finalLatencies.Count > 0 ? finalLatencies.Max() * 1000 : 0):0} ms");
Console.WriteLine($"partial cadence: mean {Mean(cadence):0} ms between partials (within and across utterances)");
return 0;

static double Mean(List<double> values) => values.Count == 0 ? 0 : values.Average();

static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

// Ends of speech in the file, in seconds: 10 ms frames, speech within 35 dB of the loudest frame (and above -50 dBFS),
// an end where at least 700 ms of non-speech follow (the service's endpointer closes an utterance after 800 ms).
static List<double> LastWordEnds(byte[] pcm)
{
    const int frame = 160;
    var levels = new double[pcm.Length / 2 / frame];
    for (var f = 0; f < levels.Length; f++)
    {
        double sum = 0;
        for (var i = 0; i < frame; i++)
        {
            double v = BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(2 * (f * frame + i))) / 32768.0;
            sum += v * v;
        }

        levels[f] = 10 * Math.Log10(sum / frame + 1e-12);
    }

    var floor = Math.Max(-50, levels.DefaultIfEmpty(-120).Max() - 35);
    var ends = new List<double>();
    var lastSpeech = -1;
    for (var f = 0; f < levels.Length; f++)
    {
        if (levels[f] > floor)
        {
            lastSpeech = f;
        }
        else if (lastSpeech >= 0 && f - lastSpeech == 70)
        {
            ends.Add((lastSpeech + 1) * 0.01);
        }
    }

    if (lastSpeech >= 0 && (ends.Count == 0 || ends[^1] < (lastSpeech + 1) * 0.01))
    {
        ends.Add((lastSpeech + 1) * 0.01);
    }

    return ends;
}

static byte[] ReadPcm(byte[] wav)
{
    if (wav.Length < 44 || Encoding.ASCII.GetString(wav, 0, 4) != "RIFF" || BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)) != 16_000
        || BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)) != 1 || BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)) != 16)
    {
        throw new InvalidDataException("Expected a 16 kHz mono 16-bit PCM WAV (sox in.wav -r 16000 -c 1 -b 16 out.wav).");
    }

    for (int offset = 12; offset + 8 <= wav.Length;)
    {
        int size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(offset + 4));
        if (Encoding.ASCII.GetString(wav, offset, 4) == "data")
        {
            return wav.AsSpan(offset + 8, Math.Min(size, wav.Length - offset - 8)).ToArray();
        }

        offset += 8 + size + (size & 1);
    }

    throw new InvalidDataException("No data chunk in the WAV file.");
}
