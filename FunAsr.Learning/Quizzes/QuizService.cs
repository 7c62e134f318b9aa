using System.Text.Json;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Knowledge;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Telemetry;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Quizzes;

/// <summary>
/// Quizzes from lectures and their review: generate a draft from the lecture's knowledge points, let content users edit,
/// delete and approve items, publish; learners see only approved items of published quizzes, never their answers.
/// </summary>
public sealed class QuizService(
    LearningDbContext db,
    KnowledgeIndexer indexer,
    LectureFeed feed,
    QuizGenerator generator,
    QuestionWriter writer,
    IOptions<LearningOptions> options,
    TimeProvider time,
    LearningTelemetry telemetry)
{
    private const int MaxNeighbours = 30;
    private const int MaxTextLength = 2000;

    public async Task<QuizDetail> GenerateAsync(string lectureId, Caller caller, CancellationToken cancellationToken)
    {
        using var span = LearningTelemetry.Source.StartActivity("learning.quiz.generate");
        span?.SetTag("lecture.id", lectureId);
        var lecture = await db.Lectures.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lectureId, cancellationToken);
        if (lecture is null)
        {
            // Not seen on the stream yet (ingested before this service ran): ask QaBot for it.
            var content = await feed.GetAsync(lectureId, cancellationToken)
                          ?? throw new NotFoundException("lecture_not_found", $"No lecture with id '{lectureId}'.");
            await indexer.IndexAsync(content, cancellationToken);
            lecture = await db.Lectures.AsNoTracking().FirstAsync(l => l.Id == lectureId, cancellationToken);
        }
        else if (await feed.GetIfNewerAsync(lectureId, lecture.Revision, cancellationToken) is { } newer)
        {
            // A correction saved a moment ago, not yet arrived on the stream: the quiz asks about what the lecture says now.
            await indexer.IndexAsync(newer, cancellationToken);
            lecture = await db.Lectures.AsNoTracking().FirstAsync(l => l.Id == lectureId, cancellationToken);
        }
        var sentences = await db.LectureSentences.Where(s => s.LectureId == lectureId).OrderBy(s => s.Index)
            .Select(s => new TimedText(s.Index, s.Text, s.Start, s.End)).ToListAsync(cancellationToken);
        var sources = await db.KnowledgeSources.Include(s => s.KnowledgePoint).Where(s => s.LectureId == lectureId).AsNoTracking().ToListAsync(cancellationToken);
        if (sources.Count == 0)
        {
            throw new InvalidInputException("no_concepts", "No concepts were found in this lecture, so there is nothing to ask about. Add text to the transcript and try again.");
        }
        var concepts = sources.Select(s => new TeachingConcept(s.KnowledgePointId, s.KnowledgePoint!.Key, s.Label, s.Score,
            JsonSerializer.Deserialize<int[]>(s.Sentences) ?? [s.FirstSentence], s.DefinitionSentence)).ToList();
        var neighbours = await NeighboursAsync(lecture.Language, concepts.Select(c => c.PointId).ToList(), cancellationToken);
        var drafts = generator.Generate(new GenerationInput(lectureId, lecture.Language, sentences, concepts, neighbours,
            QuizGenerator.SeedOf(lectureId, lecture.Revision)), options.Value.Quiz.MaxItems);
        if (drafts.Count == 0)
        {
            throw new InvalidInputException("no_items", "The lecture's sentences are too short to ask about.");
        }
        var written = new List<DraftItem>(drafts.Count);
        foreach (var draft in drafts)
        {
            written.Add(await writer.RewriteAsync(draft, lecture.Language, cancellationToken));
        }

        var quiz = new Quiz
        {
            Id = Guid.NewGuid(),
            LectureId = lectureId,
            Title = lecture.Title,
            Language = lecture.Language,
            Status = QuizStatus.Draft,
            LectureRevision = lecture.Revision,
            CreatedBy = caller.Subject,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            PassScore = options.Value.Quiz.PassScore,
        };
        for (var i = 0; i < written.Count; i++)
        {
            var draft = written[i];
            quiz.Items.Add(new QuizItem
            {
                Position = i + 1,
                Kind = draft.Kind,
                Status = ItemStatus.Draft,
                Prompt = draft.Prompt,
                Options = JsonSerializer.Serialize(draft.Options),
                Answer = JsonSerializer.Serialize(draft.Answer),
                PointIds = JsonSerializer.Serialize(draft.PointIds),
                SentenceIndex = draft.Sentence.Index,
                SentenceText = draft.Sentence.Text,
                Start = draft.Sentence.Start,
                End = draft.Sentence.End,
                Writer = draft.Writer,
            });
            telemetry.QuizItemsGenerated.Add(1, new("kind", draft.Kind.ToString()), new("writer", draft.Writer));
        }
        db.Quizzes.Add(quiz);
        await db.SaveChangesAsync(cancellationToken);
        span?.SetTag("learning.items", quiz.Items.Count);
        return await DetailAsync(quiz.Id, cancellationToken);
    }

    public async Task<IReadOnlyList<QuizSummary>> ListAsync(Caller caller, string? lectureId, CancellationToken cancellationToken)
    {
        var quizzes = db.Quizzes.AsNoTracking();
        if (!caller.IsAtLeast(Roles.Content))
        {
            quizzes = quizzes.Where(q => q.Status == QuizStatus.Published);
        }
        if (!string.IsNullOrEmpty(lectureId))
        {
            quizzes = quizzes.Where(q => q.LectureId == lectureId);
        }
        var rows = await quizzes.OrderByDescending(q => q.CreatedAt)
            .Select(q => new
            {
                q.Id, q.LectureId, q.Title, q.Status, q.CreatedAt, q.PublishedAt,
                Items = q.Items.Count(i => !i.Retired),
                Approved = q.Items.Count(i => !i.Retired && i.Status == ItemStatus.Approved),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(q => new QuizSummary(q.Id, q.LectureId, q.Title, Lower(q.Status), caller.IsAtLeast(Roles.Content) ? q.Items : q.Approved, q.Approved, q.CreatedAt, q.PublishedAt)).ToList();
    }

    public async Task<QuizDetail> DetailAsync(Guid id, CancellationToken cancellationToken)
    {
        var quiz = await LoadAsync(id, cancellationToken);
        var points = await PointLabelsAsync(quiz.Items, cancellationToken);
        return new QuizDetail(quiz.Id, quiz.LectureId, quiz.Title, quiz.Language, Lower(quiz.Status), quiz.PassScore,
            quiz.Items.Where(i => !i.Retired).OrderBy(i => i.Position).Select(i => Detail(i, quiz, points)).ToList());
    }

    /// <summary>The quiz as a learner takes it: published, approved items only, no answers.</summary>
    public async Task<QuizView> ViewAsync(Guid id, CancellationToken cancellationToken)
    {
        var quiz = await LoadAsync(id, cancellationToken);
        if (quiz.Status != QuizStatus.Published)
        {
            throw new NotFoundException("quiz_not_found", $"No published quiz with id '{id}'.");
        }
        return new QuizView(quiz.Id, quiz.LectureId, quiz.Title, quiz.Language, quiz.PassScore, Visible(quiz).Select(i =>
        {
            var o = JsonSerializer.Deserialize<ItemOptions>(i.Options)!;
            return new QuizItemView(i.Id, i.Position, Lower(i.Kind), i.Prompt, o.Choices, o.Terms, o.Definitions);
        }).ToList());
    }

    public async Task<QuizItemDetail> EditItemAsync(Guid quizId, int itemId, ItemEdit edit, Caller caller, CancellationToken cancellationToken)
    {
        var quiz = await LoadAsync(quizId, cancellationToken, tracking: true);
        var item = Item(quiz, itemId);
        var itemOptions = JsonSerializer.Deserialize<ItemOptions>(item.Options)!;
        var answer = JsonSerializer.Deserialize<ItemAnswer>(item.Answer)!;
        if (edit.Prompt is { } prompt)
        {
            item.Prompt = Required(prompt, "prompt");
        }
        switch (item.Kind)
        {
            case ItemKind.MultipleChoice or ItemKind.TrueFalse:
                var choices = edit.Choices?.Select(c => Required(c, "choices")).ToList() ?? itemOptions.Choices!.ToList();
                if (choices.Count < 2 || choices.Distinct(StringComparer.OrdinalIgnoreCase).Count() != choices.Count)
                {
                    throw new InvalidInputException("invalid_choices", "An item needs at least two different choices.");
                }
                if (item.Kind == ItemKind.TrueFalse && choices.Count != 2)
                {
                    throw new InvalidInputException("invalid_choices", "A true/false item has exactly two choices.");
                }
                var correct = edit.Correct ?? answer.Choice ?? 0;
                if (correct < 0 || correct >= choices.Count)
                {
                    throw new InvalidInputException("invalid_correct", $"'correct' must be the index of one of the {choices.Count} choices.");
                }
                itemOptions = itemOptions with { Choices = choices };
                answer = answer with { Choice = correct };
                break;
            case ItemKind.Cloze or ItemKind.ShortAnswer:
                if (edit.Accepted is { } accepted)
                {
                    var list = accepted.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    if (list.Count == 0 || list.Any(a => a.Length > 200))
                    {
                        throw new InvalidInputException("invalid_accepted", "Give at least one accepted answer, each at most 200 characters.");
                    }
                    answer = answer with { Accepted = list };
                }
                break;
            case ItemKind.Matching:
                var terms = edit.Terms?.Select(t => Required(t, "terms")).ToList() ?? itemOptions.Terms!.ToList();
                var definitions = edit.Definitions?.Select(d => Required(d, "definitions")).ToList() ?? itemOptions.Definitions!.ToList();
                var pairs = edit.Pairs?.ToList() ?? answer.Pairs!.ToList();
                if (terms.Count < 2 || terms.Count != definitions.Count || pairs.Count != terms.Count
                    || pairs.Any(p => p < 0 || p >= definitions.Count) || pairs.Distinct().Count() != pairs.Count)
                {
                    throw new InvalidInputException("invalid_pairs", "Matching needs as many definitions as terms and 'pairs' giving each term a different definition.");
                }
                itemOptions = itemOptions with { Terms = terms, Definitions = definitions };
                answer = answer with { Pairs = pairs };
                break;
        }
        item.Options = JsonSerializer.Serialize(itemOptions);
        item.Answer = JsonSerializer.Serialize(answer);
        item.Writer = "edited";
        item.EditedBy = caller.Subject;
        item.EditedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return Detail(item, quiz, await PointLabelsAsync([item], cancellationToken));
    }

    public async Task DeleteItemAsync(Guid quizId, int itemId, CancellationToken cancellationToken)
    {
        var quiz = await LoadAsync(quizId, cancellationToken, tracking: true);
        var item = Item(quiz, itemId);
        if (await db.ItemResponses.AnyAsync(r => r.ItemId == itemId, cancellationToken))
        {
            // Learners' answers refer to it: it leaves the quiz but stays in their records.
            item.Retired = true;
        }
        else
        {
            db.QuizItems.Remove(item);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<QuizItemDetail> ApproveItemAsync(Guid quizId, int itemId, Caller caller, CancellationToken cancellationToken)
    {
        var quiz = await LoadAsync(quizId, cancellationToken, tracking: true);
        var item = Item(quiz, itemId);
        item.Status = ItemStatus.Approved;
        item.EditedBy ??= caller.Subject;
        await db.SaveChangesAsync(cancellationToken);
        return Detail(item, quiz, await PointLabelsAsync([item], cancellationToken));
    }

    public async Task<QuizDetail> PublishAsync(Guid quizId, PublishRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var quiz = await LoadAsync(quizId, cancellationToken, tracking: true);
        if (request.ApproveAll)
        {
            foreach (var item in quiz.Items.Where(i => !i.Retired))
            {
                item.Status = ItemStatus.Approved;
            }
        }
        if (!quiz.Items.Any(i => !i.Retired && i.Status == ItemStatus.Approved))
        {
            throw new InvalidInputException("nothing_approved", "Approve at least one item before publishing the quiz.");
        }
        quiz.Status = QuizStatus.Published;
        quiz.PublishedBy = caller.Subject;
        quiz.PublishedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return await DetailAsync(quizId, cancellationToken);
    }

    public async Task DeleteQuizAsync(Guid quizId, CancellationToken cancellationToken)
    {
        var quiz = await LoadAsync(quizId, cancellationToken, tracking: true);
        if (await db.Attempts.AnyAsync(a => a.QuizId == quizId, cancellationToken))
        {
            throw new ConflictException("quiz_has_attempts", "Learners have taken this quiz; delete its items instead, their records stay.");
        }
        db.Quizzes.Remove(quiz);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static IEnumerable<QuizItem> Visible(Quiz quiz) =>
        quiz.Items.Where(i => !i.Retired && i.Status == ItemStatus.Approved).OrderBy(i => i.Position);

    public async Task<Quiz> LoadAsync(Guid id, CancellationToken cancellationToken, bool tracking = false)
    {
        var quizzes = tracking ? db.Quizzes : db.Quizzes.AsNoTracking();
        return await quizzes.Include(q => q.Items).FirstOrDefaultAsync(q => q.Id == id, cancellationToken)
               ?? throw new NotFoundException("quiz_not_found", $"No quiz with id '{id}'.");
    }

    private static QuizItem Item(Quiz quiz, int itemId) =>
        quiz.Items.FirstOrDefault(i => i.Id == itemId && !i.Retired)
        ?? throw new NotFoundException("item_not_found", $"Quiz '{quiz.Id}' has no item {itemId}.");

    private async Task<List<NeighbourConcept>> NeighboursAsync(string language, List<int> own, CancellationToken cancellationToken)
    {
        var linked = await db.PrerequisiteEdges.Where(e => e.Status != EdgeStatus.Rejected && (own.Contains(e.PointId) || own.Contains(e.PrerequisiteId)))
            .Select(e => own.Contains(e.PointId) ? e.PrerequisiteId : e.PointId).Distinct().ToListAsync(cancellationToken);
        var others = await db.KnowledgePoints.Where(p => p.Language == language && !own.Contains(p.Id) && p.Sources.Count > 0)
            .OrderBy(p => p.Id).Take(MaxNeighbours).Select(p => new { p.Id, p.Label }).ToListAsync(cancellationToken);
        return others.OrderBy(p => linked.Contains(p.Id) ? 0 : 1).Select(p => new NeighbourConcept(p.Id, p.Label)).ToList();
    }

    private async Task<Dictionary<int, string>> PointLabelsAsync(IEnumerable<QuizItem> items, CancellationToken cancellationToken)
    {
        var ids = items.SelectMany(i => JsonSerializer.Deserialize<int[]>(i.PointIds) ?? []).Distinct().ToList();
        return await db.KnowledgePoints.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Label, cancellationToken);
    }

    private static QuizItemDetail Detail(QuizItem item, Quiz quiz, Dictionary<int, string> points)
    {
        var o = JsonSerializer.Deserialize<ItemOptions>(item.Options)!;
        var a = JsonSerializer.Deserialize<ItemAnswer>(item.Answer)!;
        var ids = JsonSerializer.Deserialize<int[]>(item.PointIds) ?? [];
        return new QuizItemDetail(item.Id, item.Position, Lower(item.Kind), Lower(item.Status), item.Prompt, o.Choices, o.Terms, o.Definitions,
            a.Choice, a.Accepted, a.Pairs, ids.Select(id => new PointRef(id, points.GetValueOrDefault(id) ?? "")).ToList(),
            QuizText.Moment(item, quiz.LectureId, quiz.Title), item.Writer, Math.Round(item.Difficulty, 3), item.Answers);
    }

    private static string Required(string value, string field) =>
        string.IsNullOrWhiteSpace(value) || value.Length > MaxTextLength
            ? throw new InvalidInputException("invalid_" + field, $"'{field}' must be non-empty text of at most {MaxTextLength} characters.")
            : value.Trim();

    internal static string Lower<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
