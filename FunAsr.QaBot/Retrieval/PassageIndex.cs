using System.Collections.Concurrent;
using FunAsr.Text.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Util;
using FunAsr.QaBot.Telemetry;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// This replica's in-memory Lucene index of passages, scored with BM25. It is a cache of Redis:
/// <see cref="IndexSynchronizer"/> rebuilds it at start and keeps it in step with every replica's ingests.
/// </summary>
public sealed class PassageIndex : IDisposable
{
    private const string IdField = "id";
    private const string LectureField = "lectureId";
    // A diarized passage's speaker, by its name and by its id, lower-cased, for "what did X say".
    private const string SpeakerField = "speaker";
    /// <summary>Words as <see cref="TermAnalyzer"/> makes them (segmented, normalised, stemmed) and the sounds of Chinese words (<see cref="Pinyin"/>).</summary>
    public const string WordsField = "words";

    /// <summary>CJK character pairs: the secondary field that matches where segmentation split a name or a misrecognition differently.</summary>
    public const string GramsField = "grams";

    private const float IdeaTieBreaker = 0.1f;

    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly System.Threading.Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, Passage> _passages = new();
    private readonly ConcurrentDictionary<string, (string Hash, string[] PassageIds)> _lectures = new();
    private readonly ConcurrentDictionary<string, TimedSentence[]> _sentences = new();

    public PassageIndex(QaTelemetry telemetry)
    {
        // Every analysed field is given as a token stream of precomputed terms, so the writer's analyzer only sees the id fields.
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())
        {
            Similarity = new BM25Similarity(),
            OpenMode = OpenMode.CREATE,
        };
        _writer = new IndexWriter(_directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new Bm25SearcherFactory());
        telemetry.ObservePassages(() => _passages.Count);
    }

    public int PassageCount => _passages.Count;

    public IReadOnlyDictionary<string, string> LectureHashes => _lectures.ToDictionary(p => p.Key, p => p.Value.Hash);

    /// <summary>The content hash of the lecture as indexed here, or null.</summary>
    public string? HashOf(string lectureId) => _lectures.TryGetValue(lectureId, out var entry) ? entry.Hash : null;

    public Passage? GetPassage(string id) => _passages.GetValueOrDefault(id);

    /// <summary>Every sentence of a lecture in order (sentence windows may cross passage boundaries).</summary>
    public IReadOnlyList<TimedSentence> SentencesOf(string lectureId) =>
        _sentences.TryGetValue(lectureId, out var sentences) ? sentences : [];

    /// <summary>Replaces every passage of a lecture at once, so searches never see half a lecture.</summary>
    public void ReplaceLecture(string lectureId, string contentHash, IReadOnlyList<Passage> passages)
    {
        lock (_writeLock)
        {
            var documents = passages.Select(ToDocument).ToList();
            _writer.UpdateDocuments(new Term(LectureField, lectureId), documents);
            _searchers.MaybeRefreshBlocking();
            foreach (var passage in passages)
            {
                _passages[passage.Id] = passage;
            }
            if (_lectures.TryGetValue(lectureId, out var previous))
            {
                foreach (var stale in previous.PassageIds.Except(passages.Select(p => p.Id)))
                {
                    _passages.TryRemove(stale, out _);
                }
            }
            _lectures[lectureId] = (contentHash, passages.Select(p => p.Id).ToArray());
            _sentences[lectureId] = passages.SelectMany(p => p.Sentences).ToArray();
        }
    }

    public void RemoveLecture(string lectureId)
    {
        lock (_writeLock)
        {
            _writer.DeleteDocuments(new Term(LectureField, lectureId));
            _searchers.MaybeRefreshBlocking();
            _sentences.TryRemove(lectureId, out _);
            if (_lectures.TryRemove(lectureId, out var previous))
            {
                foreach (var id in previous.PassageIds)
                {
                    _passages.TryRemove(id, out _);
                }
            }
        }
    }

    /// <summary>
    /// BM25 search for ideas — each a set of analysed word terms with their weights, of which a passage counts its best
    /// (a disjunction-max query) — and character pairs weighted by <paramref name="gramBoost"/>, optionally restricted to some lectures.
    /// </summary>
    public IReadOnlyList<(Passage Passage, double Score)> Search(
        IReadOnlyList<IReadOnlyDictionary<string, double>> ideas, IReadOnlyCollection<string> grams, double gramBoost, IReadOnlyCollection<string>? lectureIds, int top,
        string? speaker = null)
    {
        if (ideas.All(i => i.Count == 0) && grams.Count == 0)
        {
            return [];
        }
        var query = new BooleanQuery();
        foreach (var idea in ideas.Where(i => i.Count > 0))
        {
            // A small tie-breaker still prefers the passage that says the idea in more ways.
            var best = new DisjunctionMaxQuery(IdeaTieBreaker);
            foreach (var (term, weight) in idea)
            {
                best.Add(new TermQuery(new Term(WordsField, term)) { Boost = (float)weight });
            }
            query.Add(best, Occur.SHOULD);
        }
        foreach (var gram in grams.Distinct())
        {
            query.Add(new TermQuery(new Term(GramsField, gram)) { Boost = (float)gramBoost }, Occur.SHOULD);
        }
        // A terms filter over the field cache, not a query of clauses: an asker's readable lectures may be thousands.
        Filter? filter = lectureIds is { Count: > 0 } ? new FieldCacheTermsFilter(LectureField, [.. lectureIds]) : null;
        if (speaker is not null)
        {
            // The speaker's passages only, without changing their scores: a required clause that scores nothing.
            query = new BooleanQuery
            {
                { query, Occur.MUST },
                { new ConstantScoreQuery(new TermQuery(new Term(SpeakerField, SpeakerKey(speaker)))) { Boost = 0 }, Occur.MUST },
            };
        }
        var searcher = _searchers.Acquire();
        try
        {
            var hits = searcher.Search(query, filter, top);
            var results = new List<(Passage, double)>(hits.ScoreDocs.Length);
            foreach (var hit in hits.ScoreDocs)
            {
                var id = searcher.Doc(hit.Doc).Get(IdField);
                if (_passages.TryGetValue(id, out var passage))
                {
                    results.Add((passage, hit.Score));
                }
            }
            return results;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>BM25's inverse document frequency of each term (of <see cref="WordsField"/>) over the passages now indexed, and how many passages hold it.</summary>
    public Dictionary<string, (double Idf, int DocumentFrequency)> Statistics(IEnumerable<string> terms, string field = WordsField)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            var documents = Math.Max(reader.NumDocs, 1);
            var result = new Dictionary<string, (double, int)>();
            foreach (var term in terms)
            {
                var frequency = reader.DocFreq(new Term(field, term));
                result[term] = (Math.Log(1 + (documents - frequency + 0.5) / (frequency + 0.5)), frequency);
            }
            return result;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static Document ToDocument(Passage passage)
    {
        Document document =
        [
            new StringField(IdField, passage.Id, Field.Store.YES),
            new StringField(LectureField, passage.LectureId, Field.Store.NO),
            new TextField(WordsField, new TermTokenStream(passage.Sentences.SelectMany(s => s.Terms.Concat(Pinyin.Terms(s.Terms))).ToList())),
            new TextField(GramsField, new TermTokenStream(CharacterBigrams.Of(passage.Text))),
        ];
        foreach (var who in new[] { passage.Speaker, passage.SpeakerLabel }.OfType<string>().Select(SpeakerKey).Distinct())
        {
            document.Add(new StringField(SpeakerField, who, Field.Store.NO));
        }
        return document;
    }

    public static string SpeakerKey(string speaker) => speaker.Trim().ToLowerInvariant();

    /// <summary>The names given to speakers of the lectures indexed here (not their letters), for finding them in questions.</summary>
    public IReadOnlyCollection<string> SpeakerNames() =>
        [.. _passages.Values.Where(p => p.SpeakerLabel is not null && p.SpeakerLabel != p.Speaker).Select(p => p.SpeakerLabel!).Distinct(StringComparer.OrdinalIgnoreCase)];

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
