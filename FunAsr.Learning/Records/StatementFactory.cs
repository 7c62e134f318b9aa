using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FunAsr.Learning.Configuration;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Records;

/// <summary>
/// Builds xAPI 1.0.3 statements (xAPI-Data.md §2): the actor as an account on the platform's home page, activities under
/// the configured base IRI, and, for quiz items, the interaction definition (type and correct-response pattern).
/// </summary>
public sealed class StatementFactory(IOptions<LearningOptions> options, TimeProvider time)
{
    private XapiOptions Xapi => options.Value.Xapi;

    public JsonObject Agent(string userId, string? name)
    {
        var agent = new JsonObject
        {
            ["objectType"] = "Agent",
            ["account"] = new JsonObject { ["homePage"] = Xapi.HomePage, ["name"] = userId },
        };
        if (!string.IsNullOrWhiteSpace(name))
        {
            agent["name"] = name;
        }
        return agent;
    }

    public string ActivityId(string kind, params string[] path) =>
        $"{Xapi.ActivityBase.TrimEnd('/')}/{kind}/{string.Join('/', path.Select(Uri.EscapeDataString))}";

    public static JsonObject Activity(string id, string type, string name, string language, JsonObject? definition = null)
    {
        definition ??= new JsonObject();
        definition["type"] = type;
        definition["name"] = new JsonObject { [LanguageTag(language)] = name };
        return new JsonObject { ["objectType"] = "Activity", ["id"] = id, ["definition"] = definition };
    }

    public JsonObject Statement(Guid id, JsonObject actor, Verb verb, JsonObject target, JsonObject? result = null, JsonObject? context = null, DateTime? timestamp = null)
    {
        var statement = new JsonObject
        {
            ["id"] = id.ToString(),
            ["actor"] = actor.Parent is null ? actor : actor.DeepClone(),
            ["verb"] = new JsonObject { ["id"] = verb.Id, ["display"] = new JsonObject { ["en-US"] = verb.Display } },
            ["object"] = target,
            ["timestamp"] = (timestamp ?? time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        };
        if (result is not null)
        {
            statement["result"] = result;
        }
        context ??= new JsonObject();
        // xAPI-Data.md §2.4.6: platform (and revision) only when the object is an Activity, so never on a voiding statement.
        if (target["objectType"]?.GetValue<string>() is null or "Activity")
        {
            context["platform"] = Xapi.Platform;
        }
        if (context.Count > 0)
        {
            statement["context"] = context;
        }
        return statement;
    }

    /// <summary>A statement id derived from what it records, so a redelivered event records nothing twice.</summary>
    public static Guid DeterministicId(string what)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(what));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5-style name-based id
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>Context with a parent activity and the registration that groups one attempt's statements.</summary>
    public static JsonObject Context(Guid? registration = null, JsonObject? parent = null, JsonObject? extensions = null, string? language = null)
    {
        var context = new JsonObject();
        if (registration is { } r)
        {
            context["registration"] = r.ToString();
        }
        if (parent is not null)
        {
            context["contextActivities"] = new JsonObject { ["parent"] = new JsonArray(parent) };
        }
        if (language is not null)
        {
            context["language"] = LanguageTag(language);
        }
        if (extensions is not null)
        {
            context["extensions"] = extensions;
        }
        return context;
    }

    public string Extension(string name) => $"{Xapi.ActivityBase.TrimEnd('/')}/extensions/{name}";

    /// <summary>An RFC 5646 tag for a language map (zh → zh-CN, en → en-US, anything else as given).</summary>
    public static string LanguageTag(string language) => language.ToLowerInvariant() switch
    {
        "zh" or "zh-cn" or "cmn" => "zh-CN",
        "en" or "en-us" => "en-US",
        "yue" => "zh-HK",
        "ja" => "ja-JP",
        "ko" => "ko-KR",
        "" or "auto" => "und",
        var other => other,
    };
}
