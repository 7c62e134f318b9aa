using System.Text.RegularExpressions;

namespace FunAsr.Text.Concepts;

/// <summary>
/// Sentences that lean on the one before them: they open with a pronoun or a demonstrative that points back ("It…",
/// "That sends…", "This way…", "这样做…", "它的目的…", "该流程…"), possibly after a connective ("And this…", "所以这…"), or
/// they draw a consequence of it ("So…", "Therefore…", "所以…", "因此…").
/// Read alone they do not say what they are about.
/// </summary>
public static partial class Anaphora
{
    /// <summary>How many sentences back a reader is asked to follow a chain of sentences that lean on the one before.</summary>
    public const int MaxAntecedents = 2;

    public static bool StartsWithAnaphor(string sentence) =>
        English().IsMatch(sentence) || Chinese().IsMatch(sentence) || EnglishConsequence().IsMatch(sentence) || ChineseConsequence().IsMatch(sentence);

    /// <summary>
    /// The first sentence to show so that sentence <paramref name="index"/> reads alone: itself, or the sentence it leans on
    /// (up to <see cref="MaxAntecedents"/> back, never before <paramref name="floor"/>); null when the first of those still
    /// leans on one further back (a chain too long, or an antecedent before the floor). The lecture's first sentence leans on nothing.
    /// </summary>
    public static int? ReadsAloneFrom(Func<int, string> text, int index, int floor = 0)
    {
        var first = index;
        while (first > floor && index - first < MaxAntecedents && StartsWithAnaphor(text(first)))
        {
            first--;
        }
        return first > 0 && StartsWithAnaphor(text(first)) ? null : first;
    }

    // "That" and "this" open a sentence as a pronoun or as a determiner of something said before ("This step…"); "it" and
    // "they" always point back. "There is" is not anaphoric; "that" as a conjunction never opens a sentence.
    [GeneratedRegex(@"^\W*(?:(?:and|but|so|or|also|then|now|because of|after|before|besides|otherwise|in|on|with|without|for)\s+|(?:and|but|so),\s+)?(?:it|its|it's|they|them|their|they're|this|that|that's|these|those|such|both|each of them|which|he|she|his|her|doing so|having done so|the latter|the former|the same)\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();

    // "So for visitors…", "Therefore…", "所以每一份…": a consequence of what was just said, whose reason is the sentence before.
    // "So far", "so many" and "so much" measure; they do not draw a consequence.
    [GeneratedRegex(@"^\W*(?:so(?!\s+(?:far|many|much|long|called)\b)|therefore|thus|hence|as a result|that is why|that's why|for that reason|because of this)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishConsequence();

    [GeneratedRegex(@"^\W*(?:所以|因此|因而|于是|由此|这样一来)")]
    private static partial Regex ChineseConsequence();

    // "没有这一步…", "根据这条规定…": a demonstrative after a preposition or 没有/有了 points back just as well.
    [GeneratedRegex(@"^\W*(?:而且|并且|所以|因此|但是|不过|同时|然后|如果|另外|否则|而|但|也)?\s*(?:没有|有了|除了|根据|按照|对于|通过|为了|基于|关于|经过|在|对|按|凭|靠)?(?:这|那(?!么)|它|他|她|其(?![实他次中余])|此(?!外)|该(?!怎)|上述|以上|前者|后者|同样|如此)")]
    private static partial Regex Chinese();
}
