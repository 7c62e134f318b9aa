using System.Text.Json;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Storage;
using FunAsr.QaBot.Telemetry;

namespace FunAsr.QaBot.Notes;

/// <summary>Builds lecture notes with the chosen model and caches them in Redis per lecture and model until the lecture changes.</summary>
public sealed class NotesService(
    LectureStore store, NotesLibrary library, ExtractiveNotesBuilder extractive, GenerativeNotesBuilder generative, ChatKernelProvider kernels, QaTelemetry telemetry)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Null when the lecture does not exist.</summary>
    public async Task<LectureNotes?> GetAsync(string lectureId, string? mode, bool refresh, CancellationToken cancellationToken)
    {
        var useModel = mode switch
        {
            null or "" => kernels.Enabled ? AnswerModes.Generative : AnswerModes.Extractive,
            AnswerModes.Extractive => AnswerModes.Extractive,
            AnswerModes.Generative when kernels.Enabled => AnswerModes.Generative,
            AnswerModes.Generative => throw new ArgumentException("Generative notes need a chat model: configure QaBot:Chat:Endpoint and QaBot:Chat:Model."),
            _ => throw new ArgumentException($"Unknown mode '{mode}': use 'extractive' or 'generative'."),
        };
        using var span = QaTelemetry.Source.StartActivity("qabot.notes");
        span?.SetTag("qabot.notes.mode", useModel);
        var lecture = await store.GetAsync(lectureId);
        if (lecture is null)
        {
            return null;
        }
        var modelKey = useModel == AnswerModes.Generative ? generative.ModelName : ExtractiveNotesBuilder.ModelName;
        if (!refresh && await store.GetNotesAsync(lectureId, modelKey) is { } cached)
        {
            telemetry.NotesGenerated.Add(1, new("model", modelKey), new("cache", "hit"));
            return JsonSerializer.Deserialize<LectureNotes>(cached, Json);
        }
        var background = await library.BackgroundAsync(lecture);
        var notes = useModel == AnswerModes.Generative
            ? await generative.BuildAsync(lecture, background, cancellationToken)
            : extractive.Build(lecture, background);
        await store.SetNotesAsync(lectureId, lecture.ContentHash, modelKey, JsonSerializer.Serialize(notes, Json));
        telemetry.NotesGenerated.Add(1, new("model", modelKey), new("cache", "miss"));
        return notes;
    }
}
