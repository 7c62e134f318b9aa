using FunAsr.QaBot.Storage;
using FunAsr.Security.Authorization;

namespace FunAsr.QaBot.Access;

/// <summary>Which lectures a caller may read, for what answers from many lectures at once (questions, alerts).</summary>
public sealed class ReadableLectures(LectureStore store)
{
    /// <summary>
    /// The ids of the lectures <paramref name="caller"/> may read, or null for an admin (every lecture, no filter). Read
    /// from the ownership index, not the lectures. Never "all" for anyone else, even when it is: a lecture stored after
    /// this read would otherwise be answered from unchecked.
    /// </summary>
    public async Task<IReadOnlySet<string>?> OfAsync(Caller caller)
    {
        if (caller.IsAdmin)
        {
            return null;
        }
        var ownerships = await store.GetOwnershipsAsync();
        return ownerships.Where(o => o.Value.CanRead(caller)).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
    }
}
