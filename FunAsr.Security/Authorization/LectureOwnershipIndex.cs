using System.Text.Json;
using StackExchange.Redis;

namespace FunAsr.Security.Authorization;

/// <summary>
/// Who owns each lecture and whom it is shared with, in one Redis hash (field: lecture id, value: the <see cref="Ownership"/>
/// as JSON). QaBot writes it with every lecture it stores, edits or deletes; the Q&amp;A filters retrieval by it and the ASR
/// service reads it so a lecture's recording is shared exactly as the lecture is, whoever changed the lecture's sharing since.
/// </summary>
public static class LectureOwnershipIndex
{
    public const string Key = "qa:lecture-access";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(Ownership ownership) => JsonSerializer.Serialize(ownership, Json);

    public static Ownership? Deserialize(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }
        var ownership = JsonSerializer.Deserialize<Ownership>(value.ToString(), Json);
        // An unknown visibility (written by a newer version, or by hand) shares nothing rather than everything.
        return ownership is null ? null : ownership with { Visibility = Visibility.Parse(ownership.Visibility) ?? Visibility.Private };
    }

    /// <summary>The lecture's sharing, or null when no lecture with that id is indexed.</summary>
    public static async Task<Ownership?> GetAsync(IDatabaseAsync database, string lectureId) =>
        Deserialize(await database.HashGetAsync(Key, lectureId));
}
