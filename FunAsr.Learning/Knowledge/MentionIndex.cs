using System.Text.Json;
using FunAsr.Learning.Lectures;
using FunAsr.Text.Scripts;

namespace FunAsr.Learning.Knowledge;

/// <summary>A place in the library: a lecture's sentence.</summary>
public readonly record struct SentenceRef(string LectureId, int Sentence);

/// <summary>
/// Which sentences of the library mention which knowledge points: the sentences that teach a point (its sources) and any
/// other sentence that says it in passing, found by the extractor's keys. Built for one language at a time.
/// </summary>
public sealed class MentionIndex
{
    private readonly Dictionary<int, HashSet<SentenceRef>> _mentions = [];
    private readonly Dictionary<int, HashSet<SentenceRef>> _passages = [];

    public MentionIndex(IReadOnlyList<KnowledgePoint> points, IReadOnlyList<LectureSentence> sentences)
    {
        var english = sentences.ToDictionary(s => s, s => s.Text.Any(TextScript.IsCjk) ? null : MentionLocator.EnglishKeys(s.Text));
        foreach (var point in points)
        {
            var mentions = new HashSet<SentenceRef>();
            var cjk = point.Key.Any(TextScript.IsCjk);
            foreach (var sentence in sentences)
            {
                var found = cjk
                    ? sentence.Text.Contains(point.Key, StringComparison.OrdinalIgnoreCase) || sentence.Text.Contains(point.Label, StringComparison.OrdinalIgnoreCase)
                    : english[sentence]?.Contains(point.Key) == true;
                if (found)
                {
                    mentions.Add(new SentenceRef(sentence.LectureId, sentence.Index));
                }
            }
            var passages = new HashSet<SentenceRef>();
            foreach (var source in point.Sources)
            {
                foreach (var index in JsonSerializer.Deserialize<int[]>(source.Sentences) ?? [])
                {
                    mentions.Add(new SentenceRef(source.LectureId, index));
                    // A point's passages: the sentences that mention it and their neighbours, where it is being taught.
                    for (var near = index - 1; near <= index + 1; near++)
                    {
                        passages.Add(new SentenceRef(source.LectureId, near));
                    }
                }
            }
            _mentions[point.Id] = mentions;
            _passages[point.Id] = passages;
        }
    }

    public IReadOnlySet<SentenceRef> MentionsOf(int point) => _mentions.GetValueOrDefault(point) ?? [];

    public IReadOnlySet<SentenceRef> PassagesOf(int point) => _passages.GetValueOrDefault(point) ?? [];

    /// <summary>How many of <paramref name="point"/>'s passages mention <paramref name="other"/>.</summary>
    public int Cites(int point, int other)
    {
        var mentions = MentionsOf(other);
        return PassagesOf(point).Count(mentions.Contains);
    }

    /// <summary>Sentences that mention both: how related two points are.</summary>
    public int CoMentions(int a, int b)
    {
        var other = MentionsOf(b);
        return MentionsOf(a).Count(other.Contains);
    }
}
