using System.Net;
using System.Text.Json.Nodes;
using FunAsr.QaBot.Answering;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.QaBot;

/// <summary>
/// "What is X?" answered by the sentence that defines X, even when X comes up in other places of the same lecture (which the
/// fitted answer model alone reads as a tie and declines).
/// </summary>
public sealed class DefinitionQuestionTests
{
    private static string LearningFixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Learning", name + ".json");

    [Theory]
    [InlineData("What is the build pipeline?", "build pipeline")]
    [InlineData("So what's a blameless review?", "blameless review")]
    [InlineData("What does RPO mean?", "RPO")]
    [InlineData("What do we mean by cross-contamination?", "cross-contamination")]
    [InlineData("什么是冷链？", "冷链")]
    [InlineData("冷链到底是什么意思？", "冷链")]
    [InlineData("校准会是干什么用的？", "校准会")]
    public void A_question_about_what_a_term_is_names_the_term(string question, string subject) =>
        Assert.Equal(subject, DefinitionQuestion.SubjectOf(question));

    [Theory]
    [InlineData("What is the meal allowance per day when travelling?")]
    [InlineData("How many days of annual leave do I get?")]
    [InlineData("Who runs the hotline?")]
    [InlineData("冷链中断以后食品怎么处理？")]
    [InlineData("年假有几天？")]
    public void Other_questions_name_no_term(string question) => Assert.Null(DefinitionQuestion.SubjectOf(question));

    [Theory]
    [InlineData("developer-week", "What is the build pipeline?", "The build pipeline is the automated process")]
    [InlineData("food-safety", "什么是冷链？", "冷链是指食品从生产到销售")]
    public async Task The_defining_sentence_answers_although_the_term_recurs_in_the_lecture(string lecture, string question, string answerStart)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var factory = new QaBotFactory(redis.ConnectionString);
        using var client = factory.CreateClient();
        var transcript = JsonNode.Parse(await File.ReadAllTextAsync(LearningFixture(lecture)))!.AsObject();
        using (var created = await QaBotFixtures.PostTranscriptAsync(client, transcript))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var result = await QaBotIngestTests.AskAsync(client, question);

        Assert.True(result.Found, $"declined: {result.Answer}");
        Assert.StartsWith(answerStart, result.Citations[0].Text);
        Assert.StartsWith(answerStart, result.Answer);
    }
}
