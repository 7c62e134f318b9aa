using FunAsr.AsrService.Cli;
using FunAsr.Tests.Diarization;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Speakers;

/// <summary>The command line diarizes with the same pipeline: --diarize, --speakers, --speaker-labels.</summary>
public sealed class DiarizingCommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("funasr-cli-speakers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Speaker_labels_start_every_line_and_the_meeting_has_its_three_speakers()
    {
        var file = Path.Combine(_folder, "meeting.wav");
        File.WriteAllBytes(file, SyntheticMeeting.RoundTable(3, 8, 53).ToWav());
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await TranscribeCommand.RunAsync(
            ["--model", RepositoryPaths.KnownAnswerModel, file, "--speaker-labels", "--speakers", "3",
             "--segmentation-model", DiarizationFixtures.Segmentation, "--embedding-model", DiarizationFixtures.Embedding("wespeaker")],
            output, error, interactive: false, CancellationToken.None);

        Assert.True(code == 0, error.ToString());
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Matches("^[ABC]: ", l));
        Assert.Equal(["A", "B", "C"], lines.Select(l => l[..1]).Distinct().Order());
    }

    [Theory]
    [InlineData(new[] { "a.wav", "--speakers", "none" }, "--speakers must be a whole number")]
    [InlineData(new[] { "a.wav", "--min-speakers", "0" }, "--min-speakers must be a whole number")]
    public void Wrong_speaker_counts_are_refused(string[] args, string reason)
    {
        var (arguments, problem) = TranscribeArguments.Parse(args);
        Assert.Null(arguments);
        Assert.Contains(reason, problem);
    }
}
