using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using FunAsr.Learning.Grading;
using FunAsr.Learning.Quizzes;

namespace FunAsr.Learning.Records;

/// <summary>The statements the learning layer records, one method per event, in the shapes of xAPI-Data.md §2.4.</summary>
public sealed class LearningRecords(StatementFactory factory)
{
    public JsonObject QuizActivity(Quiz quiz) =>
        StatementFactory.Activity(factory.ActivityId("quizzes", quiz.Id.ToString()), ActivityTypes.Assessment, quiz.Title, quiz.Language);

    public JsonObject LectureActivity(string lectureId, string title, string language) =>
        StatementFactory.Activity(factory.ActivityId("lectures", lectureId), ActivityTypes.Lecture, title, language);

    public JsonObject PointActivity(int pointId, string label, string language) =>
        StatementFactory.Activity(factory.ActivityId("knowledge-points", pointId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ActivityTypes.Objective, label, language);

    /// <summary>"answered" for one item, with its interaction definition so an LRS can report on it.</summary>
    public JsonObject Answered(JsonObject actor, Quiz quiz, QuizItem item, ItemGrade grade, AnswerInput input, Guid attempt, IReadOnlyList<int> points)
    {
        var options = JsonSerializer.Deserialize<ItemOptions>(item.Options)!;
        var answer = JsonSerializer.Deserialize<ItemAnswer>(item.Answer)!;
        var tag = StatementFactory.LanguageTag(quiz.Language);
        var definition = new JsonObject { ["description"] = new JsonObject { [tag] = item.Prompt } };
        switch (item.Kind)
        {
            case ItemKind.MultipleChoice:
                definition["interactionType"] = "choice";
                definition["correctResponsesPattern"] = new JsonArray($"c{answer.Choice}");
                definition["choices"] = Components(options.Choices!, "c", tag);
                break;
            case ItemKind.TrueFalse:
                definition["interactionType"] = "true-false";
                definition["correctResponsesPattern"] = new JsonArray(answer.Choice == 0 ? "true" : "false");
                break;
            case ItemKind.Matching:
                definition["interactionType"] = "matching";
                definition["correctResponsesPattern"] = new JsonArray(string.Join("[,]", answer.Pairs!.Select((d, t) => $"t{t}[.]d{d}")));
                definition["source"] = Components(options.Terms!, "t", tag);
                definition["target"] = Components(options.Definitions!, "d", tag);
                break;
            default:
                definition["interactionType"] = "fill-in";
                definition["correctResponsesPattern"] = new JsonArray((answer.Accepted ?? []).Select(a => (JsonNode)JsonValue.Create("{case_matters=false}" + a)!).ToArray());
                break;
        }
        var activity = StatementFactory.Activity(factory.ActivityId("quizzes", quiz.Id.ToString(), "items", item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ActivityTypes.Interaction, Truncate(item.Prompt, 200), quiz.Language, definition);
        var result = new JsonObject
        {
            ["success"] = grade.Correct,
            ["response"] = grade.XapiResponse,
            ["score"] = new JsonObject { ["scaled"] = Math.Round(grade.Score, 4) },
            ["extensions"] = new JsonObject { [factory.Extension("answer-mode")] = input.Mode == "voice" ? "voice" : "text" },
        };
        if (input.DurationMs is { } ms and > 0)
        {
            result["duration"] = XmlConvert.ToString(TimeSpan.FromMilliseconds(ms));
        }
        var context = StatementFactory.Context(attempt, QuizActivity(quiz),
            new JsonObject { [factory.Extension("knowledge-points")] = new JsonArray(points.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()) }, quiz.Language);
        return factory.Statement(StatementFactory.DeterministicId($"answered:{attempt}:{item.Id}"), actor, Verbs.Answered, activity, result, context);
    }

    public JsonObject QuizResult(JsonObject actor, Quiz quiz, Guid attempt, double raw, int max, bool passed)
    {
        var result = new JsonObject
        {
            ["score"] = new JsonObject { ["scaled"] = max == 0 ? 0 : Math.Round(raw / max, 4), ["raw"] = Math.Round(raw, 4), ["min"] = 0, ["max"] = max },
            ["success"] = passed,
            ["completion"] = true,
        };
        var context = StatementFactory.Context(attempt, LectureActivity(quiz.LectureId, quiz.Title, quiz.Language), language: quiz.Language);
        return factory.Statement(StatementFactory.DeterministicId($"result:{attempt}"), actor, passed ? Verbs.Passed : Verbs.Failed, QuizActivity(quiz), result, context);
    }

    public JsonObject Mastered(JsonObject actor, int pointId, string label, string language, double known, Guid attempt) =>
        factory.Statement(StatementFactory.DeterministicId($"mastered:{attempt}:{pointId}"), actor, Verbs.Mastered, PointActivity(pointId, label, language),
            new JsonObject { ["score"] = new JsonObject { ["scaled"] = Math.Round(known, 4) }, ["success"] = true },
            StatementFactory.Context(attempt, language: language));

    /// <summary>Watching a lecture: experienced (first play), progressed (each tenth watched), completed.</summary>
    public JsonObject Watched(JsonObject actor, Verb verb, string lectureId, string title, string language, double progress, double position, string key)
    {
        var result = new JsonObject
        {
            ["extensions"] = new JsonObject
            {
                ["https://w3id.org/xapi/cmi5/result/extensions/progress"] = (int)Math.Round(progress * 100),
                [factory.Extension("position")] = Math.Round(position, 1),
            },
        };
        if (verb == Verbs.Completed)
        {
            result["completion"] = true;
        }
        return factory.Statement(StatementFactory.DeterministicId(key), actor, verb, LectureActivity(lectureId, title, language), result,
            StatementFactory.Context(language: language));
    }

    /// <summary>A question asked of the Q&amp;A bot, with the answer it gave and the lectures it cited.</summary>
    public JsonObject Asked(JsonObject actor, Guid eventId, string question, string answer, bool found, string language, IReadOnlyList<(string Id, string Title)> lectures, DateTime at)
    {
        var activity = StatementFactory.Activity(factory.ActivityId("questions", eventId.ToString()), ActivityTypes.Question, Truncate(question, 500), language);
        var result = new JsonObject { ["response"] = Truncate(answer, 4000), ["success"] = found };
        var context = StatementFactory.Context(language: language);
        if (lectures.Count > 0)
        {
            context["contextActivities"] = new JsonObject
            {
                ["other"] = new JsonArray(lectures.Select(l => (JsonNode)LectureActivity(l.Id, l.Title, language)).ToArray()),
            };
        }
        return factory.Statement(StatementFactory.DeterministicId($"asked:{eventId}"), actor, Verbs.Asked, activity, result, context, at);
    }

    private static JsonArray Components(IReadOnlyList<string> texts, string prefix, string tag) =>
        new(texts.Select((text, i) => (JsonNode)new JsonObject { ["id"] = $"{prefix}{i}", ["description"] = new JsonObject { [tag] = text } }).ToArray());

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
