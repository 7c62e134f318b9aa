using FunAsr.Learning.Mastery;

namespace FunAsr.Learning.Configuration;

/// <summary>Section <c>Learning</c>.</summary>
public sealed class LearningOptions
{
    public const string SectionName = "Learning";

    public XapiOptions Xapi { get; set; } = new();
    public LrsOptions Lrs { get; set; } = new();
    public MasteryOptions Mastery { get; set; } = new();
    public QuizOptions Quiz { get; set; } = new();
    public LlmOptions Llm { get; set; } = new();
    public EventOptions Events { get; set; } = new();
    public ProgressOptions Progress { get; set; } = new();
}

/// <summary>How statements name people and things.</summary>
public sealed class XapiOptions
{
    /// <summary>The home page of the actors' accounts (the platform's sign-in); account names are user ids.</summary>
    public string HomePage { get; set; } = "https://funasr.local";

    /// <summary>Base IRI of activities (lectures, quizzes, items, knowledge points, questions).</summary>
    public string ActivityBase { get; set; } = "https://funasr.local/xapi/activities";

    public string Platform { get; set; } = "FunAsr";
}

/// <summary>The company's Learning Record Store, when statements should reach it.</summary>
public sealed class LrsOptions
{
    /// <summary>The LRS's xAPI endpoint (the part before <c>/statements</c>), e.g. https://lrs.example.com/xAPI.</summary>
    public string? Endpoint { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    public int BatchSize { get; set; } = 50;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}

public sealed class MasteryOptions
{
    public double PriorKnown { get; set; } = 0.3;
    public double Learn { get; set; } = 0.1;
    public double Slip { get; set; } = 0.1;
    public double MaxGuess { get; set; } = 0.3;
    public double FreeResponseGuess { get; set; } = 0.1;
    public double MasteredAt { get; set; } = 0.95;

    /// <summary>A right answer faster than this rates the review easy …</summary>
    public TimeSpan FastAnswer { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>… and slower than this, hard.</summary>
    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(45);

    public double[]? FsrsWeights { get; set; }
    public double DesiredRetention { get; set; } = 0.9;

    public BktParameters Bkt() => new()
    {
        PriorKnown = PriorKnown, Learn = Learn, Slip = Slip, MaxGuess = MaxGuess, FreeResponseGuess = FreeResponseGuess, MasteredAt = MasteredAt,
    };

    public FsrsParameters Fsrs() => new()
    {
        Weights = FsrsWeights is { Length: 21 } weights ? weights : FsrsParameters.DefaultWeights, DesiredRetention = DesiredRetention,
    };
}

public sealed class QuizOptions
{
    public int MaxItems { get; set; } = 12;

    /// <summary>Share of the score (0–1) that passes a quiz.</summary>
    public double PassScore { get; set; } = 0.7;

    public int MaxVoiceBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long generating a quiz waits for QaBot to say whether the lecture has a newer revision (one attempt).</summary>
    public TimeSpan FreshnessTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>An OpenAI-compatible chat endpoint that writes questions in plainer words; without it the rules write them.</summary>
public sealed class LlmOptions
{
    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    public string Model { get; set; } = "gpt-4o-mini";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}

/// <summary>The Redis streams QaBot publishes on.</summary>
public sealed class EventOptions
{
    public string LectureStream { get; set; } = "qa:events:lectures";
    public string QuestionStream { get; set; } = "qa:events:questions";
    public string ConsumerGroup { get; set; } = "learning";
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}

public sealed class ProgressOptions
{
    /// <summary>Share of a lecture watched that completes it.</summary>
    public double CompletedAt { get; set; } = 0.9;

    /// <summary>The most playback one report may claim (a page reports every few seconds).</summary>
    public double MaxReportSeconds { get; set; } = 300;
}
