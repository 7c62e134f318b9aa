using System.Diagnostics;
using System.Text.Json;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Inference;
using Microsoft.Extensions.Logging.Abstractions;

// Diarization cost per hour of audio: runs SpeakerDiarizer on a 16 kHz mono 16-bit WAV a few times and prints the wall
// time per stage (from the stage spans), the total as seconds per hour of audio and allocations; with --reference, the
// DER against that RTTM; with --peer, a peer's turns (compare.mjs output) scored against both.
// Usage: FunAsr.DiarizationBench <wav> <segmentation model> <embedding model> [--threads N] [--runs N] [--reference rttm] [--peer json]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: FunAsr.DiarizationBench <wav> <segmentation model> <embedding model> [--threads N] [--runs N] [--reference rttm] [--peer json]");
    return 2;
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
float[] samples = ReadWav(args[0]);
int threads = int.Parse(Option("--threads") ?? "1");
int runs = int.Parse(Option("--runs") ?? "3");
double audio = samples.Length / 16000.0;
var options = new DiarizationOptions { SegmentationModelPath = args[1], EmbeddingModelPath = args[2] };
using var diarizer = SpeakerDiarizer.Open(options, new InferenceOptions { IntraOpThreads = threads }, NullLoggerFactory.Instance);

var stages = new Dictionary<string, double>();
using var listener = new ActivityListener
{
    ShouldListenTo = s => s.Name == EngineTelemetry.Name,
    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    ActivityStopped = a =>
    {
        lock (stages)
        {
            stages[a.OperationName] = stages.GetValueOrDefault(a.OperationName) + a.Duration.TotalSeconds;
        }
    },
};
ActivitySource.AddActivityListener(listener);

diarizer.Diarize(samples);                    // warm-up: session initialisation and JIT
lock (stages)
{
    stages.Clear();
}

DiarizationResult result = null!;
var wall = new List<double>();
long allocated = GC.GetTotalAllocatedBytes(precise: true);
for (int r = 0; r < runs; r++)
{
    long started = Stopwatch.GetTimestamp();
    result = diarizer.Diarize(samples);
    wall.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
}

allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / runs;
double perHour(double seconds) => seconds / audio * 3600;
Console.WriteLine($"FunAsr.AsrService diarization, {Path.GetFileName(args[2])}, {threads} thread(s), {audio:F1} s of audio, {runs} runs:");
Console.WriteLine($"  total   mean {wall.Average():F3} s, best {wall.Min():F3} s = {perHour(wall.Average()):F1} s per hour of audio (RTF {wall.Average() / audio:F4})");
foreach (string stage in new[] { "diarization.segmentation", "diarization.embedding", "diarization.clustering", "diarization.reconstruction" })
{
    double mean = stages.GetValueOrDefault(stage) / runs;
    Console.WriteLine($"  {stage[12..],-15} {mean:F3} s per run = {perHour(mean):F1} s per hour of audio");
}

Console.WriteLine($"  allocated {allocated / 1048576.0:F1} MiB per run; {result.Speakers.Count} speakers, {result.Turns.Count} turns");
var ours = LabeledSegment.FromTurns(result.Turns);
if (Option("--reference") is { } rttm)
{
    var reference = Rttm.Parse(File.ReadAllText(rttm));
    Report("ours vs reference", reference, ours);
    if (Option("--peer") is { } peerFile)
    {
        using var peer = JsonDocument.Parse(File.ReadAllText(peerFile));
        var theirs = peer.RootElement.GetProperty("turns").EnumerateArray()
            .Select(t => new LabeledSegment(t[0].GetDouble(), t[1].GetDouble(), "peer" + t[2].GetInt32())).ToList();
        double seconds = peer.RootElement.GetProperty("seconds").GetDouble();
        Console.WriteLine($"{peer.RootElement.GetProperty("engine").GetString()}: {seconds:F3} s = {perHour(seconds):F1} s per hour of audio " +
            $"(ours/peer time {wall.Average() / seconds:F2}); {theirs.Select(t => t.Label).Distinct().Count()} speakers, {theirs.Count} turns");
        Report("peer vs reference", reference, theirs);
        Report("ours vs peer", theirs, ours);
    }
}

return 0;

static void Report(string what, List<LabeledSegment> reference, List<LabeledSegment> hypothesis)
{
    var score = DiarizationErrorRate.Compute(reference, hypothesis);
    var collar = DiarizationErrorRate.Compute(reference, hypothesis, collar: 0.5);
    Console.WriteLine($"  DER {what}: {score.Rate:P2} (miss {score.Miss:F2} s, false alarm {score.FalseAlarm:F2} s, " +
        $"confusion {score.Confusion:F2} s of {score.Total:F1} s); with a 0.5 s collar {collar.Rate:P2}");
}

static float[] ReadWav(string path)
{
    byte[] wav = File.ReadAllBytes(path);
    int pos = 12;
    while (pos + 8 <= wav.Length)
    {
        string id = System.Text.Encoding.ASCII.GetString(wav, pos, 4);
        int size = BitConverter.ToInt32(wav, pos + 4);
        if (id == "fmt " && (BitConverter.ToInt16(wav, pos + 10) != 1 || BitConverter.ToInt32(wav, pos + 12) != 16000 || BitConverter.ToInt16(wav, pos + 22) != 16))
        {
            throw new InvalidDataException($"{path} must be 16 kHz mono 16-bit PCM");
        }

        if (id == "data")
        {
            int count = Math.Min(size, wav.Length - pos - 8) / 2;
            var samples = new float[count];
            for (int i = 0; i < count; i++)
            {
                samples[i] = BitConverter.ToInt16(wav, pos + 8 + 2 * i) / 32768f;
            }

            return samples;
        }

        pos += 8 + size + (size & 1);
    }

    throw new InvalidDataException($"{path} has no data chunk");
}
