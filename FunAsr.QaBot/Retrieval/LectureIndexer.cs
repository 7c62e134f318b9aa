using FunAsr.QaBot.Lectures;

namespace FunAsr.QaBot.Retrieval;

/// <summary>Puts one lecture into this replica's lexical and dense indexes, or takes it out.</summary>
public sealed class LectureIndexer(PassageChunker chunker, PassageIndex index, DenseIndex dense)
{
    public async Task IndexAsync(Lecture lecture, CancellationToken cancellationToken)
    {
        var passages = chunker.Chunk(lecture);
        await dense.IndexAsync(lecture.Id, passages, cancellationToken);
        index.ReplaceLecture(lecture.Id, lecture.ContentHash, passages);
    }

    public void Remove(string lectureId)
    {
        index.RemoveLecture(lectureId);
        dense.RemoveLecture(lectureId);
    }
}
