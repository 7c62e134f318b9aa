using System.Net;
using System.Text;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// The passages shown to the model while answering one question, under short ids (P1, P2, …).
/// Only these ids are valid citations.
/// </summary>
public sealed class RetrievalSession
{
    private readonly Dictionary<string, (Passage Passage, double Score)> _byLabel = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _labelOfPassage = [];

    public IReadOnlyDictionary<string, (Passage Passage, double Score)> Passages => _byLabel;

    /// <summary>Adds passages and returns them delimited as data for the prompt.</summary>
    public string Add(IEnumerable<RetrievedPassage> retrieved)
    {
        var builder = new StringBuilder();
        foreach (var item in retrieved)
        {
            if (!_labelOfPassage.TryGetValue(item.Passage.Id, out var label))
            {
                label = $"P{_byLabel.Count + 1}";
                _labelOfPassage[item.Passage.Id] = label;
                _byLabel[label] = (item.Passage, item.Fused);
            }
            var p = item.Passage;
            // Escaping keeps transcript text from closing the delimiters and posing as instructions.
            builder.Append($"<passage id=\"{label}\" lecture=\"{WebUtility.HtmlEncode(p.LectureTitle)}\" start=\"{p.Start:0.#}\" end=\"{p.End:0.#}\">\n")
                .Append(WebUtility.HtmlEncode(p.Text))
                .Append("\n</passage>\n");
        }
        return builder.ToString();
    }
}
