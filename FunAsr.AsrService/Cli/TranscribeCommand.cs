using System.Text.Json;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Extensions;
using FunAsr.AsrService.Transcription;
using FunAsr.Text.Subtitles;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Cli;

/// <summary>
/// <c>transcribe FILE|FOLDER...</c>: the service's transcription pipeline on local files, no server, Redis or network:
/// the same decoder, voice-activity detector, engine, segmentation and subtitle writer, configured from the same
/// appsettings.json and <c>Asr__…</c> environment variables.
/// </summary>
public static class TranscribeCommand
{
    /// <summary>Longer files show a progress bar.</summary>
    public const double ProgressFromSeconds = 60;

    private static readonly string[] MediaExtensions =
        [".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".oga", ".opus", ".webm", ".mp4", ".m4v", ".mkv", ".mov", ".wma", ".amr", ".3gp"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task<int> RunAsync(IReadOnlyList<string> args) =>
        RunAsync(args, Console.Out, Console.Error, !Console.IsErrorRedirected, CancellationToken.None);

    /// <returns>0 when every file was transcribed, 1 when some failed, 2 for a wrong command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        var (arguments, problem) = TranscribeArguments.Parse(args);
        if (arguments is null)
        {
            if (!string.IsNullOrEmpty(problem))
            {
                await error.WriteLineAsync(problem);
            }
            await error.WriteLineAsync(TranscribeArguments.Usage);
            return string.IsNullOrEmpty(problem) ? 0 : 2;
        }
        var files = new List<string>();
        foreach (var input in arguments.Inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => MediaExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                await error.WriteLineAsync($"No such file or folder: {input}");
                return 2;
            }
        }
        if (files.Count == 0)
        {
            await error.WriteLineAsync("No media files found in: " + string.Join(", ", arguments.Inputs));
            return 1;
        }
        var toStandardOutput = arguments.Output == "-" || (arguments.Output is null && files.Count == 1 && !Directory.Exists(arguments.Inputs[0]));
        var folder = toStandardOutput ? null : Path.GetFullPath(arguments.Output ?? ".");
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        using var host = Build(arguments);
        await host.StartAsync(cancellationToken);
        try
        {
            var pipeline = host.Services.GetRequiredService<TranscriptionPipeline>();
            var readiness = host.Services.GetRequiredService<ModelReadiness>();
            var time = host.Services.GetRequiredService<TimeProvider>();
            var rules = host.Services.GetRequiredService<IOptions<SubtitleRules>>().Value;
            var model = (await readiness.WaitAsync(time, cancellationToken)).Model;
            var settings = Settings(model, arguments);
            var failed = 0;
            foreach (var file in files)
            {
                try
                {
                    var transcript = await TranscribeAsync(pipeline, file, settings, error, interactive, cancellationToken);
                    var content = arguments.Format == "json"
                        ? JsonSerializer.Serialize(transcript, Json) + "\n"
                        : TranscriptFiles.Write(SubtitleWriter.ParseFormat(arguments.Format)!.Value, transcript, rich: false, rules);
                    if (folder is null)
                    {
                        await output.WriteAsync(content);
                    }
                    else
                    {
                        var target = Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + "." + arguments.Format);
                        await File.WriteAllTextAsync(target, content, cancellationToken);
                        await error.WriteLineAsync($"{file} -> {target} ({transcript.Duration:0.#} s, {transcript.Segments.Count} segments)");
                    }
                }
                catch (Exception ex) when (ex is AsrException or AudioDecodeException or Admission.AdmissionRejectedException or IOException or UnauthorizedAccessException)
                {
                    failed++;
                    await error.WriteLineAsync($"{file}: {ex.Message}");
                }
            }
            return failed == 0 ? 0 : 1;
        }
        catch (AsrException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Transcript> TranscribeAsync(
        TranscriptionPipeline pipeline, string file, TranscriptionSettings settings, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        using var memory = await pipeline.Admission.Memory.AcquireAsync(0, cancellationToken);
        var audio = await pipeline.DecodeWhenAdmittedAsync(
            () => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true),
            new AudioDecodeLimits { Memory = memory }, cancellationToken);
        var seconds = audio.Duration.TotalSeconds;
        var spans = pipeline.Segment(audio.Samples, cancellationToken);
        var progress = seconds >= ProgressFromSeconds ? new ProgressBar(error, Path.GetFileName(file), interactive) : null;
        progress?.Report(0, spans.Count, seconds);
        var transcript = new TranscriptAssembler();
        await foreach (var step in pipeline.RecognizeAsync(audio.Samples, spans, settings, waitWhenBusy: true, cancellationToken))
        {
            transcript.Add(step.Segments);
            progress?.Report(step.Done, step.Total, seconds);
        }
        return transcript.Build(TranscriptAssembler.NewId(), Path.GetFileNameWithoutExtension(file), settings.Model, settings.Language, seconds);
    }

    private static TranscriptionSettings Settings(Recognition.ModelDescriptor model, TranscribeArguments arguments)
    {
        if (arguments.Language != "auto" && !model.Languages.Contains(arguments.Language, StringComparer.OrdinalIgnoreCase))
        {
            throw AsrException.Invalid("unsupported_language",
                $"Model '{model.Id}' does not take language '{arguments.Language}'. Valid values: {string.Join(", ", model.Languages)}.", "language");
        }
        return new TranscriptionSettings(model.Id, arguments.Language, arguments.Itn, []);
    }

    private static IHost Build(TranscribeArguments arguments)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        if (arguments.Model is { } model)
        {
            builder.Configuration["Asr:Model:Path"] = Path.GetFullPath(model);
        }
        // Results go to standard output; warnings (the test model, a missing decoder) go to standard error, chatter nowhere.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddTranscription(builder.Configuration);
        return builder.Build();
    }
}
