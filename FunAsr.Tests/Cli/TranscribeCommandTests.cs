using System.Diagnostics;
using System.Text.Json;
using FunAsr.AsrService.Cli;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Cli;

/// <summary>The command-line transcriber: the service's pipeline on local files and folders, no server.</summary>
public sealed class TranscribeCommandTests : IDisposable
{
    private static readonly ToneWordsAudio Chinese = ToneWords.Synthesize("今天 天气 很好 。 | | | 我们 一起 学习");
    private static readonly ToneWordsAudio English = ToneWords.Synthesize("▁hello ▁world | | | ▁the ▁weather ▁is ▁nice");
    private readonly string _folder = Directory.CreateTempSubdirectory("funasr-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TranscribeCommand.RunAsync(["--model", RepositoryPaths.KnownAnswerModel, .. args], output, error, interactive: false, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_folder_is_transcribed_file_by_file_into_the_output_folder()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder, "lectures")).FullName;
        Chinese.WriteWav(Path.Combine(input, "chinese.wav"));
        Directory.CreateDirectory(Path.Combine(input, "week2"));
        English.WriteWav(Path.Combine(input, "week2", "english.wav"));
        File.WriteAllText(Path.Combine(input, "notes.txt"), "not media");
        var output = Path.Combine(_folder, "out");

        var (code, _, error) = await RunAsync(input, "--format", "srt", "--output", output);

        Assert.True(code == 0, error);
        Assert.Equal(["chinese.srt", "english.srt"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        var chinese = AsrRequests.ParseCues(File.ReadAllText(Path.Combine(output, "chinese.srt")), vtt: false);
        Assert.Equal(["今天天气很好。", "我们一起学习"], chinese.Select(c => c.Text));
        var english = AsrRequests.ParseCues(File.ReadAllText(Path.Combine(output, "english.srt")), vtt: false);
        Assert.Equal(["hello world", "the weather is nice"], english.Select(c => c.Text));
        Assert.Contains("chinese.wav ->", error);
        Assert.Contains("english.wav ->", error);
    }

    [Fact]
    public async Task One_file_without_an_output_folder_goes_to_standard_output_in_each_format()
    {
        var file = Path.Combine(_folder, "chinese.wav");
        Chinese.WriteWav(file);

        var (code, text, _) = await RunAsync(file);
        Assert.Equal(0, code);
        Assert.Equal("今天天气很好。\n我们一起学习\n", text);

        var (_, vtt, _) = await RunAsync(file, "--format", "vtt");
        Assert.Equal(["今天天气很好。", "我们一起学习"], AsrRequests.ParseCues(vtt, vtt: true).Select(c => c.Text));

        var (_, json, _) = await RunAsync(file, "--format", "json", "--language", "zh", "--itn", "false");
        using var transcript = JsonDocument.Parse(json);
        Assert.Equal("zh", transcript.RootElement.GetProperty("language").GetString());
        Assert.Contains("<|woitn|>", transcript.RootElement.GetProperty("richText").GetString());
        Assert.Equal(Chinese.Tokens.Count, transcript.RootElement.GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("words").GetArrayLength()));
    }

    [Fact]
    public async Task A_file_that_fails_is_reported_and_the_others_are_still_written()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder, "mixed")).FullName;
        English.WriteWav(Path.Combine(input, "good.wav"));
        File.WriteAllBytes(Path.Combine(input, "broken.mp3"), [1, 2, 3, 4, 5, 6, 7, 8]);
        var output = Path.Combine(_folder, "out");

        var (code, _, error) = await RunAsync(input, "--output", output);

        Assert.Equal(1, code);
        Assert.Contains("broken.mp3:", error);
        Assert.Equal("hello world\nthe weather is nice\n", File.ReadAllText(Path.Combine(output, "good.txt")));
    }

    [Fact]
    public async Task A_long_file_reports_its_progress()
    {
        var phrases = string.Join(" | | | ", Enumerable.Repeat("▁hello ▁world", 60));
        var file = Path.Combine(_folder, "long.wav");
        ToneWords.Synthesize(phrases).WriteWav(file);

        var (code, _, error) = await RunAsync(file, "--output", Path.Combine(_folder, "out"));

        Assert.Equal(0, code);
        var lines = error.Split('\n').Where(l => l.StartsWith("long.wav: ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 3, error);
        Assert.StartsWith("long.wav: 0", lines[0]);
        Assert.StartsWith("long.wav: 100", lines[^1]);
    }

    [Theory]
    [InlineData(new[] { "--format", "docx", "a.wav" }, "Unknown format 'docx'")]
    [InlineData(new[] { "--language" }, "--language needs a value")]
    [InlineData(new string[0], "Name at least one file or folder")]
    [InlineData(new[] { "/no/such/file.wav" }, "No such file or folder")]
    public async Task A_wrong_command_line_is_exit_code_2_with_the_reason(string[] args, string reason)
    {
        var error = new StringWriter();
        var code = await TranscribeCommand.RunAsync(args, new StringWriter(), error, interactive: false, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains(reason, error.ToString());
    }

    [Fact]
    public async Task The_service_binary_transcribes_from_its_command_line()
    {
        var file = Path.Combine(_folder, "english.wav");
        English.WriteWav(file);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "FunAsr.AsrService.dll"), "transcribe", file, "--model", RepositoryPaths.KnownAnswerModel },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(process.ExitCode == 0, await error);
        Assert.Equal("hello world\nthe weather is nice\n", await output);
        Assert.Contains("KNOWN-ANSWER TEST MODEL", await error);
    }
}
