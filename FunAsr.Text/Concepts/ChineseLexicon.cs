namespace FunAsr.Text.Concepts;

/// <summary>Parts of speech the concept extractor tells apart (jieba's ICTCLAS-style tags, grouped).</summary>
public enum PartOfSpeech : byte
{
    Unknown,
    Noun,
    /// <summary>nr, nrt, nrfg: a person's name.</summary>
    PersonName,
    /// <summary>ns: a place.</summary>
    PlaceName,
    /// <summary>nt: an organisation.</summary>
    Organisation,
    /// <summary>nz: another proper or special noun (products, languages, events).</summary>
    OtherNoun,
    /// <summary>vn: a verb used as a noun (管理, 服务).</summary>
    VerbalNoun,
    Verb,
    Adjective,
    /// <summary>b: a non-predicate adjective (临时, 公共, 高级).</summary>
    Distinguishing,
    /// <summary>j: an abbreviation.</summary>
    Abbreviation,
    /// <summary>i, l: an idiom or fixed expression.</summary>
    Idiom,
    Adverb,
    Numeral,
    Measure,
    Pronoun,
    Time,
    /// <summary>f, s: a direction or place word (上, 内, 附近).</summary>
    Locality,
    Function,
}

/// <summary>
/// Chinese words with their part of speech and corpus frequency, from jieba's dictionary (jieba.NET 0.42.2 <c>dict.txt</c>,
/// about 350,000 words), embedded in this assembly. Kept as one sorted character pool with offsets (a few MB, not a
/// dictionary of strings), searched by binary search.
/// </summary>
public sealed class ChineseLexicon
{
    private static readonly Lazy<ChineseLexicon> Instance = new(Load);

    private readonly char[] _pool;
    private readonly int[] _offsets; // word i is _pool[_offsets[i].._offsets[i + 1]]
    private readonly PartOfSpeech[] _tags;
    private readonly int[] _frequencies;

    private ChineseLexicon(char[] pool, int[] offsets, PartOfSpeech[] tags, int[] frequencies, long total)
    {
        _pool = pool;
        _offsets = offsets;
        _tags = tags;
        _frequencies = frequencies;
        TotalFrequency = total;
    }

    public static ChineseLexicon Shared => Instance.Value;

    /// <summary>Sum of all words' frequencies (the size of the corpus the frequencies were counted in).</summary>
    public long TotalFrequency { get; }

    public int Count => _tags.Length;

    public bool TryGet(ReadOnlySpan<char> word, out PartOfSpeech tag, out int frequency)
    {
        var index = Find(word);
        if (index < 0)
        {
            (tag, frequency) = (PartOfSpeech.Unknown, 0);
            return false;
        }
        (tag, frequency) = (_tags[index], _frequencies[index]);
        return true;
    }

    public bool Contains(ReadOnlySpan<char> word) => Find(word) >= 0;

    /// <summary>How unusual a word is in general Chinese: log of corpus size over its frequency (unknown words count as rare).</summary>
    public double Rarity(ReadOnlySpan<char> word)
    {
        var index = Find(word);
        var frequency = index < 0 ? 0 : _frequencies[index];
        return Math.Log((double)TotalFrequency / (frequency + 1));
    }

    private ReadOnlySpan<char> Word(int index) => _pool.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    private int Find(ReadOnlySpan<char> word)
    {
        int low = 0, high = _tags.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = Word(middle).SequenceCompareTo(word);
            if (order == 0)
            {
                return middle;
            }
            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return -1;
    }

    private static ChineseLexicon Load()
    {
        using var stream = typeof(ChineseLexicon).Assembly.GetManifestResourceStream("FunAsr.Text.Concepts.jieba-dict.txt")
            ?? throw new InvalidOperationException("jieba's dictionary is not embedded in FunAsr.Text.");
        using var reader = new StreamReader(stream);
        var entries = new List<(string Word, int Frequency, PartOfSpeech Tag)>(360_000);
        while (reader.ReadLine() is { } line)
        {
            // "word frequency tag"; a few words have no tag.
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[1], out var frequency))
            {
                continue;
            }
            entries.Add((parts[0], frequency, parts.Length > 2 ? Tag(parts[2]) : PartOfSpeech.Unknown));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Word, b.Word));
        var unique = new List<(string Word, int Frequency, PartOfSpeech Tag)>(entries.Count);
        foreach (var entry in entries)
        {
            if (unique.Count > 0 && unique[^1].Word == entry.Word)
            {
                continue;
            }
            unique.Add(entry);
        }
        var pool = new char[unique.Sum(e => e.Word.Length)];
        var offsets = new int[unique.Count + 1];
        var tags = new PartOfSpeech[unique.Count];
        var frequencies = new int[unique.Count];
        var at = 0;
        long total = 0;
        for (var i = 0; i < unique.Count; i++)
        {
            offsets[i] = at;
            unique[i].Word.CopyTo(pool.AsSpan(at));
            at += unique[i].Word.Length;
            tags[i] = unique[i].Tag;
            frequencies[i] = unique[i].Frequency;
            total += unique[i].Frequency;
        }
        offsets[^1] = at;
        return new ChineseLexicon(pool, offsets, tags, frequencies, total);
    }

    private static PartOfSpeech Tag(string tag) => tag switch
    {
        "n" or "ng" or "an" => PartOfSpeech.Noun,
        "nr" or "nrt" or "nrfg" => PartOfSpeech.PersonName,
        "ns" => PartOfSpeech.PlaceName,
        "nt" => PartOfSpeech.Organisation,
        "nz" => PartOfSpeech.OtherNoun,
        "vn" => PartOfSpeech.VerbalNoun,
        "v" or "vd" or "vg" or "vi" or "vq" => PartOfSpeech.Verb,
        "a" or "ad" or "ag" or "z" => PartOfSpeech.Adjective,
        "b" => PartOfSpeech.Distinguishing,
        "j" => PartOfSpeech.Abbreviation,
        "i" or "l" => PartOfSpeech.Idiom,
        "d" => PartOfSpeech.Adverb,
        "m" or "mq" => PartOfSpeech.Numeral,
        "q" => PartOfSpeech.Measure,
        "r" => PartOfSpeech.Pronoun,
        "t" or "tg" => PartOfSpeech.Time,
        "f" or "s" => PartOfSpeech.Locality, // "s" (窗口, 现场) is turned back into a noun where it is not a direction word
        "c" or "p" or "u" or "y" or "e" or "o" => PartOfSpeech.Function,
        _ => PartOfSpeech.Unknown,
    };
}
