using System.Text.Json;
using FunAsr.Learning.Quizzes;

namespace FunAsr.Learning.Grading;

/// <summary>One learner's answer to one item, as the page sends it.</summary>
public sealed record AnswerInput(int ItemId, int? Choice = null, string? Response = null, IReadOnlyList<int>? Pairs = null, string? Mode = null, int? DurationMs = null);

/// <summary>
/// The grade of one answer: right or wrong, a score (a share of matching pairs; otherwise 0 or 1), the response as text
/// for the records, the right answer as a learner reads it, and for xAPI the response and correct pattern.
/// </summary>
public sealed record ItemGrade(bool Correct, double Score, string ResponseText, string CorrectAnswer, string XapiResponse, int Options);

/// <summary>Grades choices exactly, matching pair by pair, and short answers with <see cref="AnswerMatcher"/>.</summary>
public sealed class ItemGrader(AnswerMatcher matcher)
{
    public ItemGrade Grade(QuizItem item, AnswerInput input)
    {
        var options = JsonSerializer.Deserialize<ItemOptions>(item.Options)!;
        var answer = JsonSerializer.Deserialize<ItemAnswer>(item.Answer)!;
        switch (item.Kind)
        {
            case ItemKind.MultipleChoice or ItemKind.TrueFalse:
            {
                var choices = options.Choices!;
                var correct = input.Choice is { } c && c == answer.Choice;
                var picked = input.Choice is { } p && p >= 0 && p < choices.Count ? choices[p] : "";
                var xapi = item.Kind == ItemKind.TrueFalse
                    ? input.Choice switch { 0 => "true", 1 => "false", _ => "" }
                    : input.Choice is { } i ? $"c{i}" : "";
                return new ItemGrade(correct, correct ? 1 : 0, picked, choices[answer.Choice ?? 0], xapi, choices.Count);
            }
            case ItemKind.Matching:
            {
                var pairs = answer.Pairs!;
                var given = input.Pairs ?? [];
                var right = pairs.Select((d, t) => t < given.Count && given[t] == d).Count(ok => ok);
                var text = string.Join("; ", options.Terms!.Select((term, t) => $"{term} → {(t < given.Count && given[t] >= 0 && given[t] < options.Definitions!.Count ? options.Definitions[given[t]] : "—")}"));
                var correctText = string.Join("; ", options.Terms!.Select((term, t) => $"{term} → {options.Definitions![pairs[t]]}"));
                var xapi = string.Join("[,]", given.Select((d, t) => $"t{t}[.]d{d}"));
                return new ItemGrade(right == pairs.Count, (double)right / pairs.Count, text, correctText, xapi, pairs.Count);
            }
            default:
            {
                var response = (input.Response ?? "").Trim();
                var accepted = answer.Accepted ?? [];
                var match = matcher.Match(response, accepted);
                return new ItemGrade(match.Correct, match.Correct ? 1 : 0, response, accepted.FirstOrDefault() ?? "", response, 0);
            }
        }
    }
}
