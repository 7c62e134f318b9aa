namespace FunAsr.Learning.Records;

/// <summary>An xAPI verb: its IRI and how it reads.</summary>
public sealed record Verb(string Id, string Display);

/// <summary>The ADL verbs the learning layer records (adlnet.gov/expapi/verbs; xAPIWrapper's verbs.js lists them).</summary>
public static class Verbs
{
    private const string Adl = "http://adlnet.gov/expapi/verbs/";

    public static readonly Verb Experienced = new(Adl + "experienced", "experienced");
    public static readonly Verb Progressed = new(Adl + "progressed", "progressed");
    public static readonly Verb Completed = new(Adl + "completed", "completed");
    public static readonly Verb Asked = new(Adl + "asked", "asked");
    public static readonly Verb Answered = new(Adl + "answered", "answered");
    public static readonly Verb Passed = new(Adl + "passed", "passed");
    public static readonly Verb Failed = new(Adl + "failed", "failed");
    public static readonly Verb Mastered = new(Adl + "mastered", "mastered");
    public static readonly Verb Voided = new(Adl + "voided", "voided");
}

/// <summary>Activity types (ADL's activity vocabulary).</summary>
public static class ActivityTypes
{
    private const string Adl = "http://adlnet.gov/expapi/activities/";

    public const string Lecture = Adl + "lesson";
    public const string Assessment = Adl + "assessment";
    public const string Interaction = Adl + "cmi.interaction";
    public const string Question = Adl + "question";
    public const string Objective = Adl + "objective";
}
