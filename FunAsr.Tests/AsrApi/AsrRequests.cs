using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FunAsr.Tests.AsrApi;

/// <summary>Request building and answer checking shared by the API tests.</summary>
public static partial class AsrRequests
{
    public static MultipartFormDataContent Form(byte[]? file, params (string Name, string Value)[] fields) =>
        Form(file is null ? [] : [(file, "speech.wav")], fields);

    public static MultipartFormDataContent Form(IEnumerable<(byte[] Content, string Name)> files, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (content, name) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(part, "file", name);
        }
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(
        HttpClient client, string url, HttpContent content)
    {
        var response = await client.PostAsync(url, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public static void AssertOpenAiError(HttpStatusCode status, string body, HttpStatusCode expected, string? param, string messagePart)
    {
        Assert.Equal(expected, status);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Contains(messagePart, error.GetProperty("message").GetString());
        var type = expected switch
        {
            HttpStatusCode.TooManyRequests => "rate_limit_error",
            >= HttpStatusCode.InternalServerError => "server_error",
            _ => "invalid_request_error",
        };
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
    }

    public static void AssertProblem(HttpResponseMessage response, string body, HttpStatusCode expected, string messagePart)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(messagePart, json.RootElement.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("title").GetString()));
    }

    public sealed record Cue(int? Number, double Start, double End, string Text);

    /// <summary>Parses SRT (numbered, comma) or WebVTT (header, dot) cues, checking the layout on the way.</summary>
    public static List<Cue> ParseCues(string subtitles, bool vtt)
    {
        var cues = new List<Cue>();
        var body = subtitles;
        if (vtt)
        {
            Assert.StartsWith("WEBVTT\n\n", subtitles);
            body = subtitles["WEBVTT\n\n".Length..];
        }
        Assert.EndsWith("\n\n", body);
        foreach (var block in body.TrimEnd('\n').Split("\n\n"))
        {
            var lines = block.Split('\n');
            var index = 0;
            int? number = vtt ? null : int.Parse(lines[index++]);
            var match = (vtt ? VttTime() : SrtTime()).Match(lines[index++]);
            Assert.True(match.Success, $"bad cue timing line in: {block}");
            cues.Add(new Cue(number, Seconds(match, 1), Seconds(match, 5), string.Join('\n', lines[index..])));
        }
        return cues;
    }

    private static double Seconds(Match m, int first) =>
        int.Parse(m.Groups[first].Value) * 3600 + int.Parse(m.Groups[first + 1].Value) * 60
        + int.Parse(m.Groups[first + 2].Value) + int.Parse(m.Groups[first + 3].Value) / 1000.0;

    [GeneratedRegex(@"^(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)$")]
    private static partial Regex SrtTime();

    [GeneratedRegex(@"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")]
    private static partial Regex VttTime();
}
