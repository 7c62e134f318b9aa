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
            if (!int.TryParse(line.AsSpan(split + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber}: expected 'piece id', got '{line}'");
            }

            // A piece that is itself a space ("  3") leaves an empty string before the separator; a line holding only
            // the id is an empty piece (the Nano CTC tokens.txt writes its empty base64 string so).
            byId[id] = split < 0 ? string.Empty : line[..split];
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

    /// <summary>
    /// A SentencePiece model file (ModelProto): field 1 holds the pieces in id order, each a message whose field 1 is
    /// the piece text (sentencepiece_model.proto). SenseVoiceSmall's chn_jpn_yue_eng_ko_spectok.bpe.model, 25055 pieces.
    /// </summary>
    public static TokenTable LoadSentencePiece(string path)
    {
        var data = File.ReadAllBytes(path);
        var pieces = new List<string>();
        var reader = new ProtoReader(data);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == 2)
            {
                var message = new ProtoReader(reader.Bytes());
                string? piece = null;
                while (message.Next(out var inner, out var innerType))
                {
                    if (inner == 1 && innerType == 2)
                    {
                        piece = Encoding.UTF8.GetString(message.Bytes());
                    }
                    else
                    {
                        message.Skip(innerType);
                    }
                }

                pieces.Add(piece ?? throw new InvalidDataException($"{Path.GetFileName(path)}: piece {pieces.Count} has no text"));
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return FromPieces(pieces, base64: false, path);
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

    /// <summary>Just enough of the protobuf wire format to walk a SentencePiece model.</summary>
    private ref struct ProtoReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public bool Next(out int field, out int wireType)
        {
            if (_at >= _data.Length)
            {
                field = wireType = 0;
                return false;
            }

            var key = Varint();
            field = (int)(key >> 3);
            wireType = (int)(key & 7);
            return true;
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = checked((int)Varint());
            if (length < 0 || _at + length > _data.Length)
            {
                throw new InvalidDataException("SentencePiece model is truncated");
            }

            var bytes = _data.Slice(_at, length);
            _at += length;
            return bytes;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0: Varint(); break;
                case 1: _at += 8; break;
                case 2: Bytes(); break;
                case 5: _at += 4; break;
                default: throw new InvalidDataException($"SentencePiece model has an unknown wire type {wireType}");
            }

            if (_at > _data.Length)
            {
                throw new InvalidDataException("SentencePiece model is truncated");
            }
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_at >= _data.Length)
                {
                    throw new InvalidDataException("SentencePiece model is truncated");
                }

                var b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException("SentencePiece model holds a malformed varint");
        }
    }
}
