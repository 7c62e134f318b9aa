using System.Collections.Concurrent;
using FunAsr.QaBot.Lectures;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// Puts one lecture into this replica's lexical and dense indexes, or takes it out: the entry point ingest, the index
/// synchronizer and transcript edits call. One lecture is indexed by one caller at a time, and content already indexed is
/// not indexed again (an API ingest and the change notification it causes would otherwise embed it twice).
/// </summary>
public sealed class LectureIndexer(PassageChunker chunker, PassageIndex index, DenseIndex dense)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public async Task IndexAsync(Lecture lecture, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(lecture.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (index.HashOf(lecture.Id) == lecture.ContentHash)
            {
                return;
            }
            var passages = chunker.Chunk(lecture);
            await dense.IndexAsync(lecture.Id, passages, cancellationToken);
            index.ReplaceLecture(lecture.Id, lecture.ContentHash, passages);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Remove(string lectureId)
    {
        index.RemoveLecture(lectureId);
        dense.RemoveLecture(lectureId);
    }
}
