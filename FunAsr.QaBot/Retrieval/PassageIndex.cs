using System.Collections.Concurrent;
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
    private const string TextField = "text";

    private readonly MixedScriptAnalyzer _analyzer;
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly System.Threading.Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, Passage> _passages = new();
    private readonly ConcurrentDictionary<string, (string Hash, string[] PassageIds)> _lectures = new();

    public PassageIndex(MixedScriptAnalyzer analyzer, QaTelemetry telemetry)
    {
        _analyzer = analyzer;
        var config = new IndexWriterConfig(MixedScriptAnalyzer.Version, analyzer)
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

    public Passage? GetPassage(string id) => _passages.GetValueOrDefault(id);

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
        }
    }

    public void RemoveLecture(string lectureId)
    {
        lock (_writeLock)
        {
            _writer.DeleteDocuments(new Term(LectureField, lectureId));
            _searchers.MaybeRefreshBlocking();
            if (_lectures.TryRemove(lectureId, out var previous))
            {
                foreach (var id in previous.PassageIds)
                {
                    _passages.TryRemove(id, out _);
                }
            }
        }
    }

    /// <summary>BM25 search for analysed terms, optionally restricted to some lectures.</summary>
    public IReadOnlyList<(Passage Passage, double Score)> Search(IReadOnlyList<string> terms, IReadOnlyCollection<string>? lectureIds, int top)
    {
        if (terms.Count == 0)
        {
            return [];
        }
        var query = new BooleanQuery();
        foreach (var term in terms.Distinct())
        {
            query.Add(new TermQuery(new Term(TextField, term)), Occur.SHOULD);
        }
        Filter? filter = null;
        if (lectureIds is { Count: > 0 })
        {
            var only = new BooleanQuery();
            foreach (var id in lectureIds)
            {
                only.Add(new TermQuery(new Term(LectureField, id)), Occur.SHOULD);
            }
            filter = new QueryWrapperFilter(only);
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

    /// <summary>BM25's inverse document frequency of an analysed term over the passages now indexed.</summary>
    public double Idf(string term)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            var documents = Math.Max(reader.NumDocs, 1);
            var frequency = reader.DocFreq(new Term(TextField, term));
            return Math.Log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public List<string> Tokens(string text) => _analyzer.Tokens(text);

    private static Document ToDocument(Passage passage) =>
    [
        new StringField(IdField, passage.Id, Field.Store.YES),
        new StringField(LectureField, passage.LectureId, Field.Store.NO),
        new TextField(TextField, passage.Text, Field.Store.NO),
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
