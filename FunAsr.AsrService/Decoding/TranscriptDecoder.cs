using System.Text;
using System.Text.Unicode;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;

namespace FunAsr.AsrService.Decoding;

/// <summary>Turns one utterance's CTC logits into text, tags and token timestamps for the model's family.</summary>
public sealed class TranscriptDecoder(SpeechModelDefinition definition, TokenTable tokens)
{
    private readonly double _frameSeconds = definition.LfrShift * 0.010;

    public DecodedUtterance Decode(AcousticOutput output)
    {
        var prefixFrames = Math.Min(definition.PrefixFrames, output.Frames);
        var tags = prefixFrames == 0
            ? SenseVoiceTags.None
            : SenseVoiceTags.Parse(output.BestPath.Take(prefixFrames).Select(id => tokens[id]));
        var path = CtcGreedySearch.Collapse(output.BestPath, definition.BlankId, prefixFrames);
        var bodyFrames = output.Frames - prefixFrames;

        var text = new StringBuilder();
        var rich = new StringBuilder(tags.Prefix);
        var decoded = new List<DecodedToken>(path.Count);
        var pending = new List<byte>(8);
        var pendingStart = 0;
        foreach (var token in path)
        {
            var piece = tokens[token.Id];
            if (TokenTable.IsTag(piece))
            {
                rich.Append(piece);
                continue;
            }

            if (pending.Count == 0)
            {
                pendingStart = token.StartFrame;
            }

            pending.AddRange(tokens.BytesOf(token.Id));
            // Byte-fallback pieces (<0xE4><0xBD><0xA0>) make one character only together: wait while a sequence is incomplete.
            if (pending.Count > 0 && !EndsIncomplete(pending))
            {
                Flush(pending, pendingStart, token.EndFrame, bodyFrames, text, rich, decoded);
            }
        }

        if (pending.Count > 0)
        {
            Flush(pending, pendingStart, path[^1].EndFrame, bodyFrames, text, rich, decoded);
        }

        return new DecodedUtterance(text.ToString().Trim(), rich.ToString().TrimEnd(), tags, decoded, [.. path.Select(t => t.Id)]);
    }

    private static bool EndsIncomplete(List<byte> bytes)
    {
        Span<char> chars = stackalloc char[bytes.Count];
        var status = Utf8.ToUtf16(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes), chars, out _, out _,
            replaceInvalidSequences: false, isFinalBlock: false);
        return status == System.Buffers.OperationStatus.NeedMoreData;
    }

    private void Flush(List<byte> pending, int startFrame, int endFrame, int bodyFrames, StringBuilder text, StringBuilder rich, List<DecodedToken> decoded)
    {
        // Bytes that spell no character (a byte piece whose partners the model never emitted, at the end of an utterance or
        // before another character) are dropped, not shown as U+FFFD in captions, subtitles and the Q&A index.
        var piece = Encoding.UTF8.GetString([.. pending]).Replace("\uFFFD", "", StringComparison.Ordinal);
        pending.Clear();
        if (piece.Length == 0)
        {
            return;
        }

        // Trim the leading word-boundary space only at the very start of the utterance.
        var appended = text.Length == 0 ? piece.TrimStart() : piece;
        text.Append(appended);
        rich.Append(rich.Length == 0 || text.Length == appended.Length ? piece.TrimStart() : piece);
        var word = piece.Trim();
        if (word.Length > 0)
        {
            decoded.Add(new DecodedToken(word, piece[0] == ' ', Seconds(startFrame, bodyFrames), Seconds(endFrame, bodyFrames)));
        }
    }

    // FunASR SenseVoiceSmall.inference: max((f*60-30)/1000, 0), capped at (T*60-30)/1000.
    private double Seconds(int frame, int bodyFrames) =>
        Math.Round(Math.Clamp(frame * _frameSeconds - _frameSeconds / 2, 0, Math.Max(0, bodyFrames * _frameSeconds - _frameSeconds / 2)), 3);
}
