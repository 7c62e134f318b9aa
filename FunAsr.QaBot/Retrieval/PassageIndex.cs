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
    /// <summary>Words as <see cref="TermAnalyzer"/> makes them (segmented, normalised, stemmed) and the sounds of Chinese words (<see cref="Pinyin"/>).</summary>
    public const string WordsField = "words";

    /// <summary>CJK character pairs: the secondary field that matches where segmentation split a name or a misrecognition differently.</summary>
    public const string GramsField = "grams";

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
    /// BM25 search for analysed word terms (each with its weight), and character pairs weighted by <paramref name="gramBoost"/>, optionally restricted
    /// to some lectures.
    /// </summary>
    public IReadOnlyList<(Passage Passage, double Score)> Search(
        IReadOnlyDictionary<string, double> words, IReadOnlyCollection<string> grams, double gramBoost, IReadOnlyCollection<string>? lectureIds, int top)
    {
        if (words.Count == 0 && grams.Count == 0)
        {
            return [];
        }
        var query = new BooleanQuery();
        foreach (var (term, weight) in words)
        {
            query.Add(new TermQuery(new Term(WordsField, term)) { Boost = (float)weight }, Occur.SHOULD);
        }
        foreach (var gram in grams.Distinct())
        {
            query.Add(new TermQuery(new Term(GramsField, gram)) { Boost = (float)gramBoost }, Occur.SHOULD);
        }
        // A terms filter over the field cache, not a query of clauses: an asker's readable lectures may be thousands.
        Filter? filter = lectureIds is { Count: > 0 } ? new FieldCacheTermsFilter(LectureField, [.. lectureIds]) : null;
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

    private static Document ToDocument(Passage passage) =>
    [
        new StringField(IdField, passage.Id, Field.Store.YES),
        new StringField(LectureField, passage.LectureId, Field.Store.NO),
        new TextField(WordsField, new TermTokenStream(passage.Sentences.SelectMany(s => s.Terms.Concat(Pinyin.Terms(s.Terms))).ToList())),
        new TextField(GramsField, new TermTokenStream(CharacterBigrams.Of(passage.Text))),
    ];

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
