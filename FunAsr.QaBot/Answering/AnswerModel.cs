using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// The fitted extractive answer model (answer-model.json, embedded; made by Model/fit_answer_model.py on the tuning and
/// development questions only): a linear ranking score over a window's <see cref="WindowFeatures.Window"/> features
/// (conditional logit: the softmax of these scores over a question's windows is the chance each one is the answer), and a
/// logistic regression over the best window's <see cref="WindowFeatures.Answer"/> features for the chance that it answers
/// the question at all. Abstention compares that chance with <see cref="Threshold"/>.
/// </summary>
public sealed class AnswerModel
{
    private const string Resource = "FunAsr.QaBot.Answering.answer-model.json";

    private static readonly Lazy<AnswerModel> Embedded = new(Load);

    private readonly double[] _window;
    private readonly double[] _answer;
    private readonly double _answerBias;

    private AnswerModel(ModelFile file)
    {
        _window = Weights(file.Window, WindowFeatures.Window, "window");
        _answer = Weights(file.Answer, WindowFeatures.Answer, "answer");
        _answerBias = file.Answer.Bias;
        Threshold = file.Threshold;
    }

    public static AnswerModel Shared => Embedded.Value;

    /// <summary>The chance of answering right below which the answerer declines, as chosen by the fitting script.</summary>
    public double Threshold { get; }

    public double Score(ReadOnlySpan<double> window) => Dot(_window, window);

    public double Confidence(ReadOnlySpan<double> answer) => 1 / (1 + Math.Exp(-(_answerBias + Dot(_answer, answer))));

    private static double Dot(double[] weights, ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * values[i];
        }
        return sum;
    }

    // A model fitted for other features would silently weigh the wrong ones: its names must be the code's, in order.
    private static double[] Weights(Part part, string[] names, string which) =>
        part.Names.SequenceEqual(names) && part.Weights.Length == names.Length
            ? part.Weights
            : throw new InvalidOperationException(
                $"answer-model.json's {which} features ({string.Join(", ", part.Names)}) are not the code's ({string.Join(", ", names)}): refit it with Model/fit_answer_model.py.");

    private static AnswerModel Load()
    {
        using var stream = typeof(AnswerModel).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException("answer-model.json is not embedded in FunAsr.QaBot.");
        return new AnswerModel(JsonSerializer.Deserialize<ModelFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("answer-model.json is empty."));
    }

    private sealed record Part(string[] Names, double[] Weights, double Bias = 0);

    private sealed record ModelFile(Part Window, Part Answer, double Threshold, [property: JsonPropertyName("about")] string? About = null);
}
