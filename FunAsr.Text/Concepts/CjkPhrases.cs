using System.Text.RegularExpressions;
using FunAsr.Text.Segmentation;

namespace FunAsr.Text.Concepts;

/// <summary>
/// Candidate terms of Chinese and Japanese sentences: the shared <see cref="WordSegmenter"/>'s words, re-joined where
/// together they are one word of <see cref="ChineseLexicon"/> (人力/资源/部 → 人力资源部), tagged with its part of speech,
/// then noun phrases of one to four words: nouns, a noun + verb compound (增量备份), or a verb or adjective before a noun
/// (审批流程, 敏感信息). A phrase never starts with a single character, never holds a person's or company's name, and
/// single characters only end one (试用期 from 试用/期). Japanese has no tags here: runs of kanji and katakana words.
/// </summary>
public static partial class CjkPhrases
{
    private const int MaxWords = 4;
    private const int MaxChars = 10;
    private const int MaxMergedChars = 8;

    /// <summary>Characters that never begin or end a term, whatever the lexicon says about the word they sit in.</summary>
    private const string FunctionCharacters = "的地得了着过是在和与及或也都就还又而并但把被给对从向让这那我你他她它啊吧呢吗嘛呀哦嗯之其以于为个有会要能不没很太更最再已将每各某本该此";

    /// <summary>A noun usually stands right after these (的, 这个, 所谓 …) …</summary>
    private const string BeforeNoun = "的个种该这那照据过和与及或叫为谓是、";

    /// <summary>… and right before these (是, 指, 的 …).</summary>
    private const string AfterNoun = "的是指就叫称和与及或、里呢";

    /// <summary>Modifiers that select or judge rather than classify (所谓, 所有, 重要): 重要信息 is not a kind of 信息.</summary>
    private static readonly HashSet<string> GenericModifiers = new(StringComparer.Ordinal)
    {
        "所谓", "所有", "整个", "上述", "主要", "唯一", "现有", "所属", "所在", "同一", "大大", "深深", "一切", "各种", "其他", "相关",
        "有关", "以下", "以上", "重要", "简单", "不同", "相同", "必要", "一般", "正常", "明显", "清楚", "完整", "及时", "准确", "具体",
        "特别", "基本", "全部", "部分", "一定", "真正", "实际", "常见", "合适", "正确", "错误", "容易", "困难", "方便", "有效", "主动",
        "很多", "许多", "大量", "少量", "多数", "少数", "最好", "最新", "同样", "类似", "任何", "每个", "这样", "那样", "怎样", "如何",
    };

    /// <summary>Characters that end nouns of a property or a measure (安全性, 合格率, 满意度).</summary>
    private const string PropertySuffixes = "性率度";

    /// <summary>Measure words that follow a numeral or a determiner (一个, 每种).</summary>
    private const string Measures = "个种类项件次";

    /// <summary>Verbs that carry no content of their own (有没有, 进行, 需要): they never join a term.</summary>
    private static readonly HashSet<string> LightVerbs = new(StringComparer.Ordinal)
    {
        "有没有", "没有", "进行", "需要", "可以", "能够", "应该", "必须", "就是", "还是", "不是", "成为", "作为", "属于", "包括", "开始",
        "继续", "觉得", "认为", "知道", "希望", "发生", "出现", "叫做", "称为", "叫作", "是否", "不用", "不要", "不能", "可能", "已经",
        "告诉", "看到", "听到", "记得", "注意", "介绍", "讲", "说", "来讲", "来说", "大约", "要求", "规定", "允许", "负责", "用来",
        "只能", "只有", "才能", "不得", "应当", "务必", "不会", "不可",
    };

    /// <summary>Direction and position words (以内, 之间, 附近): never part of a term, though the lexicon files some as places.</summary>
    private static readonly HashSet<string> LocalityWords = new(StringComparer.Ordinal)
    {
        "以内", "以外", "之内", "之外", "之间", "之前", "之后", "以前", "以后", "以上", "以下", "附近", "旁边", "周围", "里面", "外面",
        "上面", "下面", "前面", "后面", "中间", "当中", "其中", "期间", "左右", "身边", "手上", "门口", "现场", "当地", "本地", "各地",
    };

    /// <summary>Heads that name people or groups of them (人员, 团队): a role, a term only where the lecture defines it.</summary>
    private static readonly HashSet<string> PeopleWords = new(StringComparer.Ordinal)
    {
        "人员", "员工", "同事", "团队", "小组", "部门", "负责人", "领导", "客户", "病人", "患者", "家属", "用户", "顾客", "学员", "新人",
        "专家", "人", "者", "员", "长", "科", "部", "组", "处", "室", "中心",
    };

    private static readonly string[] JapaneseHonorifics = ["さん", "様", "さま", "氏", "先生", "くん", "君", "ちゃん"];

    private enum Role : byte { Break, Noun, Verb, Modifier, Suffix, Prefix, Number }

    private struct Word
    {
        public string Text;
        public int Offset;
        public PartOfSpeech Tag;
        public bool Latin;
        public bool Name;
        public Role Role;
    }

    public static void Find(string sentence, List<PhraseCandidate> phrases, List<NameMention> names)
    {
        foreach (Match clause in Clause().Matches(sentence))
        {
            var words = Words(clause.Value, clause.Index);
            if (words.Count == 0)
            {
                continue;
            }
            var japanese = clause.Value.Any(Scripts.TextScript.IsKana);
            MarkNames(words, japanese, names);
            if (!japanese)
            {
                JoinUnknownCharacters(words);
            }
            for (var i = 0; i < words.Count; i++)
            {
                words[i] = words[i] with { Role = japanese ? JapaneseRole(words[i]) : ChineseRole(words[i], i + 1 < words.Count ? words[i + 1] : null) };
            }
            AddPhrases(sentence, words, phrases);
            if (!japanese)
            {
                AddDefinedSubject(sentence, words, phrases);
            }
        }
    }

    /// <summary>
    /// What a "是指 / 指的是" frame defines is the whole subject of its clause. Where that subject is content words broken only
    /// by a single direction character the segmenter split off (离职/前/交接 before 是指: the handover before leaving), or led by
    /// a modifier that elsewhere only selects (现有/技术: prior art), the lecture names the whole subject, so it is a candidate
    /// too; the phrase rules alone would only offer its pieces.
    /// </summary>
    private static void AddDefinedSubject(string sentence, List<Word> words, List<PhraseCandidate> phrases)
    {
        var start = 0;
        // An opening connective (那么, 所以) or a word that introduces the term (所谓) is no part of it.
        while (start < words.Count && words[start].Role == Role.Break && !words[start].Name
            && (!Selecting(words[start]) || DefinitionFinder.ChineseTermFollows(sentence.AsSpan(0, words[start].Offset + words[start].Text.Length))))
        {
            start++;
        }
        if (start >= words.Count || words[start].Name || words[start].Latin)
        {
            return;
        }
        var broken = Selecting(words[start]);
        for (var k = start + 2; k < words.Count && k <= start + MaxWords + 1; k++)
        {
            var word = words[k - 1];
            if (word.Role == Role.Break || word.Name || word.Latin)
            {
                if (!IsDirection(word))
                {
                    return;
                }
                broken = true;
                continue;
            }
            var length = word.Offset + word.Text.Length - words[start].Offset;
            if (length > MaxMergedChars)
            {
                return;
            }
            if (broken && word.Role is Role.Noun or Role.Suffix or Role.Verb && words[k].Offset == word.Offset + word.Text.Length
                && DefinitionFinder.ChineseDefinitionFollows(sentence.AsSpan(words[k].Offset)))
            {
                var surface = sentence.Substring(words[start].Offset, length);
                phrases.Add(new PhraseCandidate(Key(surface), surface, k - start, HasVerb: false, Nominal: true, words[start].Offset));
                return;
            }
        }
    }

    private static bool IsDirection(Word word) => word is { Role: Role.Break, Name: false, Latin: false, Tag: PartOfSpeech.Locality } && word.Text.Length == 1 && !IsFunction(word);

    private static bool Selecting(Word word) =>
        word is { Role: Role.Break, Name: false, Latin: false, Tag: PartOfSpeech.Adjective or PartOfSpeech.Distinguishing } && Generic(word.Text);

    /// <summary>The clause's words with their offsets, CJK words re-joined into the lexicon's longer words where they make one.</summary>
    private static List<Word> Words(string clause, int clauseOffset)
    {
        var tokens = new List<Word>();
        var cursor = 0;
        foreach (var token in WordSegmenter.Split(clause))
        {
            var at = clause.IndexOf(token.Text, cursor, StringComparison.Ordinal);
            if (at < 0)
            {
                continue; // a number the segmenter rewrote (1,000 → 1000): it breaks any phrase anyway
            }
            cursor = at + token.Text.Length;
            tokens.Add(new Word { Text = token.Text, Offset = clauseOffset + at, Latin = token.Kind == WordKind.Latin, Tag = token.Kind == WordKind.Number ? PartOfSpeech.Numeral : PartOfSpeech.Unknown });
        }
        var lexicon = ChineseLexicon.Shared;
        var words = new List<Word>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var taken = 1;
            if (!tokens[i].Latin && tokens[i].Tag != PartOfSpeech.Numeral)
            {
                for (var k = Math.Min(MaxWords, tokens.Count - i); k >= 2; k--)
                {
                    if (Adjacent(tokens, i, k) is { } joined && joined.Length <= MaxMergedChars && lexicon.Contains(joined))
                    {
                        taken = k;
                        break;
                    }
                }
            }
            var text = taken == 1 ? tokens[i].Text : string.Concat(tokens.Skip(i).Take(taken).Select(t => t.Text));
            var word = tokens[i] with { Text = text };
            if (!word.Latin && word.Tag != PartOfSpeech.Numeral)
            {
                lexicon.TryGet(text, out word.Tag, out _);
                // jieba files a few property nouns as names (依从性 among them); a name does not end in 性, 率 or 度 (-ness, rate, degree).
                if (word.Tag == PartOfSpeech.PersonName && text.Length >= 3 && PropertySuffixes.Contains(text[^1]))
                {
                    word.Tag = PartOfSpeech.Noun;
                }
            }
            words.Add(word);
            i += taken - 1;
        }
        return words;
    }

    /// <summary>
    /// Runs of two to four single characters the segmenter could not place (全/量, 容/灾, 回/切) are one unknown word, the way
    /// jieba's HMM treats out-of-vocabulary runs: names, numerals and function characters excepted.
    /// </summary>
    private static void JoinUnknownCharacters(List<Word> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var j = i;
            while (j < words.Count && j - i < 4 && IsLoose(words[j]) && (j == i || words[j].Offset == words[j - 1].Offset + 1))
            {
                j++;
            }
            if (j - i >= 2)
            {
                var text = string.Concat(words.Skip(i).Take(j - i).Select(w => w.Text));
                ChineseLexicon.Shared.TryGet(text, out var tag, out _);
                words[i] = words[i] with { Text = text, Tag = tag };
                words.RemoveRange(i + 1, j - i - 1);
            }
        }
    }

    private static bool IsLoose(Word word) =>
        !word.Latin && !word.Name && word.Text.Length == 1 && !IsFunction(word)
        && word.Tag is not (PartOfSpeech.Numeral or PartOfSpeech.Measure or PartOfSpeech.Pronoun or PartOfSpeech.Locality or PartOfSpeech.Function or PartOfSpeech.Adverb or PartOfSpeech.Time);

    /// <summary>The k CJK tokens from i joined, when they follow each other with nothing between; else null.</summary>
    private static string? Adjacent(List<Word> tokens, int i, int k)
    {
        for (var j = i + 1; j < i + k; j++)
        {
            if (tokens[j].Latin || tokens[j].Tag == PartOfSpeech.Numeral || tokens[j].Offset != tokens[j - 1].Offset + tokens[j - 1].Text.Length)
            {
                return null;
            }
        }
        return string.Concat(tokens.Skip(i).Take(k).Select(t => t.Text));
    }

    private static void MarkNames(List<Word> words, bool japanese, List<NameMention> names)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (japanese)
            {
                if (i + 1 < words.Count && JapaneseHonorifics.Contains(words[i + 1].Text) && !words[i].Latin)
                {
                    Name(words, i, 1, names);
                }
                continue;
            }
            var word = words[i];
            if (word.Latin || word.Name)
            {
                continue;
            }
            if (word.Tag == PartOfSpeech.PersonName && word.Text.Length >= 2)
            {
                Name(words, i, 1, names);
                continue;
            }
            if (word.Text.Length == 1 && (word.Text[0] is '小' or '老') && i + 1 < words.Count && words[i + 1].Text.Length == 1
                && ChineseNames.IsSurname(words[i + 1].Text[0]) && !IsFunction(words[i + 1]))
            {
                Name(words, i, 2, names); // 小张, 老王
                continue;
            }
            if (word.Text.Length == 1 && ChineseNames.IsSurname(word.Text[0]) && i + 1 < words.Count)
            {
                var next = words[i + 1];
                if (ChineseNames.Titles.Contains(next.Text))
                {
                    Name(words, i, 2, names); // 张经理: a person, addressed by title
                    continue;
                }
                if (IsGivenName(next))
                {
                    var length = next.Text.Length == 1 && i + 2 < words.Count && words[i + 2].Text.Length == 1 && IsGivenName(words[i + 2]) ? 3 : 2;
                    Name(words, i, length, names);
                    continue;
                }
            }
            // A name before a company word is a company (星海科技); a common noun before it is a kind of company (物流公司).
            if (i + 1 < words.Count && ChineseNames.CompanyWords.Contains(words[i + 1].Text) && word.Text.Length >= 2
                && word.Tag is PartOfSpeech.Unknown or PartOfSpeech.PlaceName or PartOfSpeech.PersonName or PartOfSpeech.OtherNoun)
            {
                Name(words, i, 2, names);
            }
        }
    }

    /// <summary>A given name after a surname: one or two characters the lexicon does not know as a common word of another kind.</summary>
    private static bool IsGivenName(Word word) =>
        !word.Latin && (word.Text.Length == 2 && word.Tag is PartOfSpeech.Unknown or PartOfSpeech.PersonName
            || word.Text.Length == 1 && ChineseNames.GivenNameCharacters.Contains(word.Text[0]));

    private static bool IsFunction(Word word) => word.Text.Length == 1 && FunctionCharacters.Contains(word.Text[0]);

    public static bool IsFunctionCharacter(char c) => FunctionCharacters.Contains(c);

    private static void Name(List<Word> words, int start, int count, List<NameMention> names)
    {
        count = Math.Min(count, words.Count - start);
        for (var k = start; k < start + count; k++)
        {
            words[k] = words[k] with { Name = true };
        }
        names.Add(new NameMention(string.Concat(words.Skip(start).Take(count).Select(w => w.Text)), words[start].Offset));
    }

    private static Role ChineseRole(Word word, Word? next)
    {
        if (word.Name)
        {
            return Role.Break;
        }
        if (word.Latin)
        {
            // Latin words inside Chinese are product and system names or acronyms (OA 系统, VPN).
            return word.Text.Length >= 2 && !Analysis.StopWords.English.Contains(word.Text.ToLowerInvariant()) ? Role.Noun : Role.Break;
        }
        if (word.Text.Length == 1)
        {
            if (IsFunction(word))
            {
                // 会 is also the noun "meeting" (评审会, 复盘会): where no verb follows it, at the end of a clause or before 的, it
                // ends a term rather than saying "will".
                return word.Text == "会" && (next is null || next.Value.Text == "的") ? Role.Suffix : Role.Break;
            }
            // A single noun or adjective character right before a noun starts a compound (手卫生, 热备份) ...
            if (word.Tag is PartOfSpeech.Noun or PartOfSpeech.Adjective or PartOfSpeech.Distinguishing or PartOfSpeech.Unknown
                && next is { Latin: false, Name: false } n && n.Text.Length >= 2 && n.Offset == word.Offset + 1
                && n.Tag is PartOfSpeech.Noun or PartOfSpeech.VerbalNoun or PartOfSpeech.Verb or PartOfSpeech.Unknown or PartOfSpeech.OtherNoun)
            {
                return Role.Prefix;
            }
            // ... and one after a word ends it (试用期, 锐器盒).
            if (word.Tag == PartOfSpeech.Numeral && IsChineseNumeral(word.Text[0]))
            {
                return Role.Number;
            }
            return word.Tag is PartOfSpeech.Noun or PartOfSpeech.VerbalNoun or PartOfSpeech.Verb or PartOfSpeech.Unknown or PartOfSpeech.Abbreviation or PartOfSpeech.Measure
                ? Role.Suffix
                : Role.Break;
        }
        if (LightVerbs.Contains(word.Text))
        {
            return Role.Break;
        }
        if (word.Tag == PartOfSpeech.Numeral && IsChineseNumeral(word.Text[0]) || word.Text == "多重")
        {
            return Role.Number;
        }
        return word.Tag switch
        {
            PartOfSpeech.Noun or PartOfSpeech.OtherNoun or PartOfSpeech.VerbalNoun or PartOfSpeech.Abbreviation or PartOfSpeech.Organisation or PartOfSpeech.Unknown => Role.Noun,
            PartOfSpeech.Locality when word.Text.Length >= 2 && !LocalityWords.Contains(word.Text) => Role.Noun,
            PartOfSpeech.Verb => Role.Verb,
            PartOfSpeech.Adjective or PartOfSpeech.Distinguishing => Generic(word.Text) ? Role.Break : Role.Modifier,
            _ => Role.Break,
        };
    }

    /// <summary>A modifier that selects or judges, alone or with a measure word (同一 and 同一个, 每一种): not a classifier.</summary>
    private static bool Generic(string text) =>
        GenericModifiers.Contains(text) || (text.Length >= 3 && Measures.Contains(text[^1]) && GenericModifiers.Contains(text[..^1]));

    private static Role JapaneseRole(Word word)
    {
        if (word.Name || word.Latin && word.Text.Length < 2)
        {
            return Role.Break;
        }
        if (word.Latin)
        {
            return Role.Noun;
        }
        if (!word.Text.All(c => IsKatakana(c) || Scripts.TextScript.IsHan(c)))
        {
            return Role.Break; // words with hiragana are particles, endings and verbs
        }
        return word.Text.Length == 1 ? Role.Suffix : Role.Noun;
    }

    private static void AddPhrases(string sentence, List<Word> words, List<PhraseCandidate> phrases)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Role is Role.Break or Role.Suffix || (i > 0 && words[i].Role == Role.Number && words[i - 1].Role == Role.Number))
            {
                continue;
            }
            var hasVerb = false;
            var verbs = 0;
            var numbers = 0;
            for (var j = i; j < words.Count && j < i + MaxWords + numbers; j++)
            {
                var word = words[j];
                if (word.Role == Role.Break || (j > i && word.Offset > words[j - 1].Offset + words[j - 1].Text.Length + 1))
                {
                    break;
                }
                // A count's measure (六步…) sits between the number and the words of the term.
                if (j > i && words[j - 1].Role == Role.Number && word.Text.Length == 1 && word.Role is Role.Suffix or Role.Prefix)
                {
                    words[j] = word with { Role = Role.Suffix };
                    continue;
                }
                if (word.Role == Role.Number)
                {
                    if (j > i && words[j - 1].Role != Role.Number)
                    {
                        break;
                    }
                    numbers++;
                    continue; // 六步洗手法, 三二一原则: a count that is part of a name
                }
                // An adjective inside a run starts another phrase, unless a suffix turns it into a noun (客户满意度, 数据完整性).
                var suffixed = j + 1 < words.Count && words[j + 1].Role == Role.Suffix && words[j + 1].Offset == word.Offset + word.Text.Length;
                if (j > i && word.Role is Role.Prefix or Role.Modifier && !(word.Role == Role.Modifier && (suffixed || Distinguishing(word) && words[j - 1].Role == Role.Noun)))
                {
                    break;
                }
                // A function character that ends a term is its noun sense (会, the meeting), whatever its tag.
                hasVerb |= word.Role == Role.Verb || (word.Role == Role.Suffix && word.Tag == PartOfSpeech.Verb && !IsFunction(word));
                verbs += word.Role == Role.Verb ? 1 : 0;
                var length = word.Offset + word.Text.Length - words[i].Offset;
                if (length > MaxChars)
                {
                    break;
                }
                // What came before this word inside the phrase; a count with its measure (六步) counts as nothing.
                var previous = j == i ? Role.Break : words[j - 1].Role;
                if (j > i && previous == Role.Suffix && j - 2 >= i && words[j - 2].Role == Role.Number)
                {
                    previous = Role.Break;
                }
                var headed = word.Role switch
                {
                    Role.Noun => previous != Role.Break || word.Text.Length >= 2,
                    Role.Suffix => previous is not (Role.Number or Role.Break),
                    Role.Verb => previous == Role.Break ? word.Text.Length >= 2 : previous is Role.Noun or Role.Prefix or Role.Verb or Role.Suffix,
                    // A classifying word after a noun ends a compound (故障等级).
                    Role.Modifier => j > i && previous == Role.Noun && Distinguishing(word),
                    _ => false,
                };
                // A verb alone (复盘, 回切) or two verbs (接触隔离) must be used as a noun, and the latter defined as one.
                if (headed && !(j == i && word.Role is not (Role.Noun or Role.Verb)) && j - i + 1 > numbers)
                {
                    var surface = sentence.Substring(words[i].Offset, length);
                    var before = words[i].Offset > 0 ? sentence[words[i].Offset - 1] : '\0';
                    var after = words[i].Offset + length < sentence.Length ? sentence[words[i].Offset + length] : '\0';
                    var nominal = BeforeNoun.Contains(before) || AfterNoun.Contains(after);
                    // A role or a unit: 护士长, 医务人员, and words the lexicon keeps whole (法务部, 运维部).
                    var person = ChineseNames.Titles.Contains(word.Text) || PeopleWords.Contains(word.Text) || (word.Text.Length >= 3 && PeopleWords.Contains(word.Text[^1..]));
                    phrases.Add(new PhraseCandidate(Key(surface), surface, j - i + 1 - numbers, hasVerb, nominal, words[i].Offset,
                        NeedsDefinition: numbers > 0 || verbs >= 2 || person));
                }
                // A classifying word ends a phrase; a single character does unless a word follows (恢复点目标).
                var nextIsWord = j + 1 < words.Count && words[j + 1].Role == Role.Noun && words[j + 1].Text.Length >= 2;
                if ((word.Role == Role.Suffix && !(nextIsWord && previous != Role.Break)) || (word.Role == Role.Modifier && j > i))
                {
                    break;
                }
            }
        }
    }

    private static bool Distinguishing(Word word) => word.Tag == PartOfSpeech.Distinguishing;

    private static bool IsChineseNumeral(char c) => "一二三四五六七八九十两百千万零".Contains(c);

    public static string Key(string surface) => surface.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    private static bool IsKatakana(char c) => c is >= '\u30A0' and <= '\u30FF' and not '\u30FB';

    // Runs of letters and digits with single spaces between words: punctuation and symbols end a clause.
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}'’\-]+(?:[ \t]+[\p{L}\p{M}\p{N}'’\-]+)*")]
    private static partial Regex Clause();
}
