using System.Collections.Concurrent;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using FunAsr.Text.Concepts;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// The rest of the library as the concept extractor's background: in how many other lectures each candidate term occurs, so a
/// lecture's glossary holds what is specific to it. Each lecture's candidate keys are computed once per content hash and kept
/// (at most <see cref="MaxKeysPerLecture"/> of them), and forgotten when the lecture leaves the library.
/// </summary>
public sealed class NotesLibrary(LectureStore store)
{
    public const int MaxKeysPerLecture = 4000;

    private readonly ConcurrentDictionary<string, (string Hash, IReadOnlyList<string> Keys)> _keys = new(StringComparer.Ordinal);

    public async Task<IConceptBackground> BackgroundAsync(Lecture lecture)
    {
        var lectures = await store.ListAsync();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = 0;
        foreach (var other in lectures.Where(l => l.Id != lecture.Id && l.ContentHash != lecture.ContentHash))
        {
            if (!_keys.TryGetValue(other.Id, out var cached) || cached.Hash != other.ContentHash)
            {
                var sentences = other.Segments.SelectMany(s => SentenceSplitter.Split(s.Text)).ToList();
                cached = (other.ContentHash, ConceptExtractor.CandidateKeys(sentences, other.Language, MaxKeysPerLecture));
                _keys[other.Id] = cached;
            }
            documents++;
            foreach (var key in cached.Keys)
            {
                frequency[key] = frequency.GetValueOrDefault(key) + 1;
            }
        }
        var present = lectures.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _keys.Keys.Where(id => !present.Contains(id)))
        {
            _keys.TryRemove(gone, out _);
        }
        return new Background(documents, frequency);
    }

    private sealed class Background(int documents, Dictionary<string, int> frequency) : IConceptBackground
    {
        public int Documents => documents;

        public int DocumentFrequency(string key) => frequency.GetValueOrDefault(key);
    }
}
