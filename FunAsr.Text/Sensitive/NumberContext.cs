namespace FunAsr.Text.Sensitive;

/// <summary>What the words near a number say it is: the label that introduces it decides a shape that several kinds share.</summary>
public enum NumberLabel
{
    None,

    /// <summary>Just "a number" (号码, "number"): a word right before it may say which (护照号码, "order number").</summary>
    Number,

    /// <summary>A number to call, not saying whose ("电话", "call", "reach").</summary>
    Phone,

    /// <summary>A person's own phone ("手机", "mobile", "cell", WhatsApp, WeChat).</summary>
    Mobile,
    Card,
    Passport,
    Account,
    Identity,

    /// <summary>Something that is not personal data: an order, ticket, part, serial, meeting, version, ISBN, extension.</summary>
    Other,

    /// <summary>A published service line: reception, a helpdesk, a hotline, a switchboard.</summary>
    ServiceLine,
}

/// <summary>
/// Finds the label nearest before a number inside its sentence (<c>护照号码 E1234…</c>, "order 4532…", "meeting ID …"),
/// or right after it (<c>… 是我的护照号</c>). Of two labels ending at one place the longer wins (护照编号 over 编号), and a
/// generic "number" takes the kind of the label just before it (护照号码, "order number").
/// </summary>
public static class NumberContext
{
    private static readonly (string Text, NumberLabel Label)[] Labels = Build(
        (NumberLabel.Number, ["number", "号码"]),
        (NumberLabel.Passport, ["passport", "travel document", "护照", "旅行证件", "通行证"]),
        (NumberLabel.Phone, ["phone", "call", "telephone", "tel", "text", "dial", "reach", "line", "area code", "country code",
            "电话", "来电", "致电", "拨打", "打给", "联系方式"]),
        (NumberLabel.Mobile, ["mobile", "cell", "cellphone", "whatsapp", "wechat", "personal number", "private number", "direct line",
            "手机", "微信", "私人电话", "个人电话"]),
        (NumberLabel.ServiceLine, ["reception", "front desk", "helpdesk", "help desk", "service desk", "switchboard", "hotline",
            "customer service", "support line", "main line", "前台", "总机", "客服", "热线", "服务台"]),
        (NumberLabel.Card, ["card", "visa", "mastercard", "amex", "unionpay", "卡号", "银行卡", "信用卡", "借记卡", "储蓄卡", "银联"]),
        (NumberLabel.Account, ["iban", "account", "bank", "账户", "账号", "帐号", "户头"]),
        (NumberLabel.Identity, ["身份证", "identity card", "id card", "id number", "resident id"]),
        (NumberLabel.Other, ["order", "invoice", "ticket", "case number", "case id", "tracking", "shipment", "parcel", "waybill", "serial",
            "part", "model", "sku", "version", "build", "release", "isbn", "issn", "meeting", "conference", "conference call", "dial-in",
            "bridge", "webinar", "room", "extension", "ext", "reference", "ref", "batch", "lot", "work order", "licence", "license",
            "product key", "key", "postal code", "zip code", "promo code", "archive", "file", "asset", "employee", "po", "purchase order",
            "contract", "receipt", "item", "booking", "confirmation", "patch", "issue",
            "工单", "订单", "单号", "编号", "零件", "型号", "序列号", "版本", "会议号", "会议室", "会议", "分机", "快递", "运单", "批次",
            "发票", "档案", "许可证", "激活码", "合同", "工号", "货号", "物料", "资产", "房间", "密钥", "序号", "流水号", "批号"]));

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "nr", "tel", "ref", "ext", "approx", "vs", "etc", "eg", "ie", "mr", "mrs", "ms", "dr", "st", "co", "inc", "ltd", "dept",
    };

    /// <summary>Looks this many characters back (and half of it forward) for a label.</summary>
    public const int Window = 48;

    /// <summary>The label nearest before the number in its sentence.</summary>
    public static NumberLabel Before(string text, int start)
    {
        var from = SentenceStart(text, start);
        var (label, at, _) = Nearest(text, from, start, backwards: true);
        return label == NumberLabel.Number ? Qualified(text, from, at) : label;
    }

    /// <summary>The label nearest after the number in its sentence.</summary>
    public static NumberLabel After(string text, int end)
    {
        var to = SentenceEnd(text, end);
        var (label, at, _) = Nearest(text, end, to, backwards: false);
        return label == NumberLabel.Number ? Qualified(text, end, at) : label;
    }

    /// <summary>The label before the number, else the one after it.</summary>
    public static NumberLabel Around(string text, int start, int end) =>
        Before(text, start) is var before and not NumberLabel.None ? before : After(text, end);

    /// <summary>Whether a label of <paramref name="kind"/> occurs anywhere earlier in the number's sentence, nearest or not.</summary>
    public static bool AnyBefore(string text, int start, NumberLabel kind)
    {
        var from = SentenceStart(text, start);
        foreach (var (label, labelKind) in Labels)
        {
            if (labelKind == kind && Occurrence(text, label, from, start, backwards: true) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    // "护照号码", "passport number", "护照的号码": the label ending just before the generic one names it.
    private static NumberLabel Qualified(string text, int from, int genericAt)
    {
        var end = genericAt;
        while (end > from && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] == '的'))
        {
            end--;
        }
        var (qualifier, at, length) = Nearest(text, from, end, backwards: true);
        return qualifier != NumberLabel.None && at + length == end ? qualifier : NumberLabel.Number;
    }

    private static (NumberLabel Label, int At, int Length) Nearest(string text, int from, int to, bool backwards)
    {
        var best = NumberLabel.None;
        var bestAt = -1;
        var bestLength = 0;
        foreach (var (label, kind) in Labels)
        {
            var at = Occurrence(text, label, from, to, backwards);
            if (at < 0)
            {
                continue;
            }
            var better = bestAt < 0
                || (backwards ? at + label.Length > bestAt + bestLength || (at + label.Length == bestAt + bestLength && label.Length > bestLength)
                              : at < bestAt || (at == bestAt && label.Length > bestLength));
            if (better)
            {
                best = kind;
                bestAt = at;
                bestLength = label.Length;
            }
        }
        return (best, bestAt, bestLength);
    }

    // The occurrence of a label in [from, to) nearest the number that stands as a word of its own.
    private static int Occurrence(string text, string label, int from, int to, bool backwards)
    {
        while (to - from >= label.Length)
        {
            var at = backwards
                ? text.LastIndexOf(label, to - 1, to - from, StringComparison.OrdinalIgnoreCase)
                : text.IndexOf(label, from, to - from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return -1;
            }
            if (OnWordBoundary(text, at, label.Length))
            {
                return at;
            }
            if (backwards)
            {
                to = at + label.Length - 1;
            }
            else
            {
                from = at + 1;
            }
        }
        return -1;
    }

    private static int SentenceStart(string text, int start)
    {
        var from = Math.Max(0, start - Window);
        for (var i = start - 1; i >= from; i--)
        {
            if (EndsSentence(text, i))
            {
                return i + 1;
            }
        }
        return from;
    }

    private static int SentenceEnd(string text, int end)
    {
        var to = Math.Min(text.Length, end + Window / 2);
        for (var i = end; i < to; i++)
        {
            if (EndsSentence(text, i))
            {
                return i;
            }
        }
        return to;
    }

    // A full stop ends a sentence unless it closes an abbreviation ("passport no. C01…", "tel. 0755…").
    private static bool EndsSentence(string text, int i)
    {
        if (text[i] is '。' or '！' or '？' or '!' or '?' or '\n')
        {
            return true;
        }
        if (text[i] != '.' || (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1])))
        {
            return false;
        }
        var wordStart = i;
        while (wordStart > 0 && char.IsAsciiLetter(text[wordStart - 1]))
        {
            wordStart--;
        }
        return !Abbreviations.Contains(text[wordStart..i]);
    }

    // Latin labels only as whole words ("ref" is not inside "refund"), inflected or not ("orders", "reached", "calling").
    private static bool OnWordBoundary(string text, int at, int length)
    {
        if (!char.IsAsciiLetter(text[at]))
        {
            return true;
        }
        if (at > 0 && char.IsAsciiLetter(text[at - 1]))
        {
            return false;
        }
        var end = at + length;
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "s", "d", "'s"])
        {
            if (string.Compare(text, end, suffix, 0, suffix.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (end + suffix.Length >= text.Length || !char.IsAsciiLetter(text[end + suffix.Length])))
            {
                return true;
            }
        }
        return end >= text.Length || !char.IsAsciiLetter(text[end]);
    }

    private static (string, NumberLabel)[] Build(params (NumberLabel Label, string[] Texts)[] groups) =>
        groups.SelectMany(g => g.Texts.Select(t => (t, g.Label))).OrderByDescending(p => p.t.Length).ToArray();
}
