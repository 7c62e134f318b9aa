using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FunAsr.AsrService.Decoding;

/// <summary>
/// Token id → piece, and the bytes each piece contributes to the text: SentencePiece pieces with '▁' as the word
/// boundary, "&lt;0xNN&gt;" byte-fallback pieces, or base64 pieces (Fun-ASR-Nano's tokens.txt, bytes then UTF-8).
/// </summary>
public sealed class TokenTable
{
    private readonly string[] _pieces;
    private readonly byte[][] _bytes;

    private TokenTable(string[] pieces, bool base64)
    {
        _pieces = pieces;
        _bytes = new byte[pieces.Length][];
        for (var i = 0; i < pieces.Length; i++)
        {
            _bytes[i] = PieceBytes(pieces[i], base64);
        }
    }

    public int Count => _pieces.Length;

    public string this[int id] => _pieces[id];

    /// <summary>The UTF-8 bytes the piece adds to the transcript ('▁' becomes a space; special tokens add nothing).</summary>
    public ReadOnlySpan<byte> BytesOf(int id) => _bytes[id];

    public static bool IsTag(string piece) => piece.StartsWith("<|", StringComparison.Ordinal) && piece.EndsWith("|>", StringComparison.Ordinal);

    public int? Find(string piece)
    {
        var index = Array.IndexOf(_pieces, piece);
        return index < 0 ? null : index;
    }

    /// <summary>FunASR's tokens.json: a JSON array of pieces, the index being the id.</summary>
    public static TokenTable LoadJson(string path)
    {
        using var stream = File.OpenRead(path);
        var pieces = JsonSerializer.Deserialize<string[]>(stream)
            ?? throw new InvalidDataException($"{Path.GetFileName(path)} is not a JSON array of strings");
        return FromPieces(pieces, base64: false, path);
    }

    /// <summary>sherpa-onnx's tokens.txt: one "piece id" per line (the piece may be base64 for Fun-ASR-Nano).</summary>
    public static TokenTable LoadText(string path, bool base64)
    {
        var byId = new Dictionary<int, string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var split = line.LastIndexOf(' ');
            if (split < 0 || !int.TryParse(line.AsSpan(split + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber}: expected 'piece id', got '{line}'");
            }

            // A piece that is itself a space ("  3") leaves an empty string before the separator.
            byId[id] = line[..split];
        }

        var pieces = new string[byId.Count == 0 ? 0 : byId.Keys.Max() + 1];
        for (var i = 0; i < pieces.Length; i++)
        {
            pieces[i] = byId.TryGetValue(i, out var piece)
                ? piece
                : throw new InvalidDataException($"{Path.GetFileName(path)} has no token with id {i}");
        }

        return FromPieces(pieces, base64, path);
    }

    public static TokenTable FromPieces(IReadOnlyList<string> pieces, bool base64, string source = "token list")
    {
        if (pieces.Count == 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(source)} holds no tokens");
        }

        return new TokenTable([.. pieces], base64);
    }

    private static byte[] PieceBytes(string piece, bool base64)
    {
        if (IsTag(piece) || piece is "<blank>" or "<unk>" or "<s>" or "</s>" or "<pad>" or "<sos/eos>")
        {
            return [];
        }

        if (base64)
        {
            var buffer = new byte[piece.Length];
            return Convert.TryFromBase64String(piece, buffer, out var written) ? buffer[..written] : Encoding.UTF8.GetBytes(piece);
        }

        if (piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return [value];
        }

        return Encoding.UTF8.GetBytes(piece.Replace('▁', ' '));
    }
}
