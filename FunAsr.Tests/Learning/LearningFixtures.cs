using System.Text.Json;
using FunAsr.Learning.Lectures;

namespace FunAsr.Tests.Learning;

/// <summary>The spoken lecture fixtures of Fixtures/Learning (made by make_lectures.sh): one timed segment per sentence.</summary>
public static class LearningFixtures
{
    public const string DeveloperWeek = "developer-week";
    public const string SecurityBasics = "security-basics";
    public const string FoodSafety = "food-safety";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Learning");

    /// <summary>The fixture as QaBot's <c>POST /api/qa/lectures</c> body.</summary>
    public static string LectureJson(string name) => File.ReadAllText(Path.Combine(Folder, name + ".json"));

    /// <summary>The fixture as the learning service receives it, one sentence per segment.</summary>
    public static LectureContent Content(string name, long revision = 1)
    {
        using var json = JsonDocument.Parse(LectureJson(name));
        var root = json.RootElement;
        var segments = root.GetProperty("segments").EnumerateArray().ToList();
        var sentences = segments.Select((s, i) => new TimedText(i, s.GetProperty("text").GetString()!, s.GetProperty("start").GetDouble(), s.GetProperty("end").GetDouble())).ToList();
        return new LectureContent(root.GetProperty("id").GetString()!, root.GetProperty("title").GetString()!, root.GetProperty("language").GetString()!,
            sentences[^1].End, revision, sentences);
    }
}
