// The engine's greedy token pieces for one model folder and one 16 kHz 16-bit mono WAV, decoded whole (no VAD), as
// JSON on stdout: what bench/sherpa/replica-parity.mjs compares with sherpa-onnx on the same replica and audio.
// Usage: dotnet run --project bench/sherpa/ReplicaIds -- <model folder> <wav>
using System.Text.Json;
using FunAsr.AsrService.Decoding;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Nano;
using FunAsr.AsrService.Recognition;
using FunAsr.Bench.Sherpa;
using Microsoft.Extensions.Logging.Abstractions;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: ReplicaIds <model folder> <wav> [--sherpa-nano-frontend]");
    return 2;
}

var samples = SherpaNanoFrontEnd.ReadWav(args[1]);
// --sherpa-nano-frontend: fbank with snip_edges=false, unpadded (T-7)/6+1 LFR rows and every encoder frame fed, as
// sherpa-onnx's Nano-LLM path does (offline-recognizer-funasr-nano-impl.cc), so the decoding loops can be compared.
var sherpaFrontEnd = args.Length == 3 && args[2] == "--sherpa-nano-frontend";
object result;
if (ModelFamilyDetector.Detect(args[0], preferQuantized: false) is NanoLlmLayout)
{
    using var model = NanoLlmModel.Load(args[0], new NanoLlmOptions { IntraOpThreads = 1 });
    var features = sherpaFrontEnd ? SherpaNanoFrontEnd.Features(samples) : new NanoFbankFeatures(model).Extract(samples);
    var decoded = new NanoLlmDecoder(model).Decode(features.Values, features.Frames,
        // ITN off: sherpa-onnx-node 1.13.8 has no itn key for funasrNano and its C API defaults to 0.
        new NanoDecodeSettings([], null, Itn: false, 30, false, FeedAllAudioFrames: sherpaFrontEnd), CancellationToken.None);
    result = new
    {
        family = model.Family.Name(),
        lfrFrames = features.Frames,
        audioTokens = decoded.AudioTokens,
        ids = decoded.TokenIds,
        pieces = TokenPieces(model.Layout.TokenizerFolder, decoded.TokenIds),
    };
}
else
{
    using var model = SpeechModelLoader.Load(args[0], new InferenceOptions { IntraOpThreads = 1 }, NullLogger.Instance);
    var options = model.Definition;
    var input = new SpeechFeatureExtractor(model).Extract(samples, options.LanguageIds.GetValueOrDefault("auto"), options.WithItnId ?? 0);
    var output = new AcousticModel(model).Run([input], CancellationToken.None).Single();
    var utterance = new TranscriptDecoder(model.Definition, model.Tokens).Decode(output);
    result = new
    {
        family = model.Definition.Family.Name(),
        lfrFrames = input.Frames,
        tags = new[] { utterance.Tags.Language, utterance.Tags.Emotion, utterance.Tags.Event },
        ids = utterance.TokenIds,
        // Pieces as sherpa-onnx's symbol table prints them: base64 decoded (Nano CTC) or with '▁' as a space.
        pieces = utterance.TokenIds.Select(id => model.Definition.Base64Tokens
            ? System.Text.Encoding.UTF8.GetString(model.Tokens.BytesOf(id))
            : model.Tokens[id].Replace('▁', ' ')).ToArray(),
    };
}

Console.WriteLine(JsonSerializer.Serialize(result));
return 0;

// Each id's bytes (GPT-2 byte alphabet undone), as UTF-8 text with U+FFFD for invalid sequences and control characters
// as spaces: how sherpa-onnx-node's result JSON reads once replica-parity.mjs has parsed it.
static string[] TokenPieces(string tokenizerFolder, IReadOnlyList<int> ids)
{
    var byteOf = new Dictionary<char, byte>();
    var n = 0;
    for (var b = 0; b < 256; b++)
    {
        var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
        byteOf[(char)(printable ? b : 256 + n++)] = (byte)b;
    }

    var pieces = new Dictionary<int, byte[]>();
    using (var vocab = JsonDocument.Parse(File.ReadAllText(Path.Combine(tokenizerFolder, "vocab.json"))))
    {
        foreach (var entry in vocab.RootElement.EnumerateObject())
        {
            pieces[entry.Value.GetInt32()] = [.. entry.Name.Select(c => byteOf[c])];
        }
    }

    using (var tokenizer = JsonDocument.Parse(File.ReadAllText(Path.Combine(tokenizerFolder, "tokenizer.json"))))
    {
        foreach (var added in tokenizer.RootElement.GetProperty("added_tokens").EnumerateArray())
        {
            pieces[added.GetProperty("id").GetInt32()] = System.Text.Encoding.UTF8.GetBytes(added.GetProperty("content").GetString()!);
        }
    }

    return [.. ids.Select(id => new string([.. System.Text.Encoding.UTF8.GetString(pieces.GetValueOrDefault(id, [])).Select(c => c < ' ' ? ' ' : c)]))];
}
