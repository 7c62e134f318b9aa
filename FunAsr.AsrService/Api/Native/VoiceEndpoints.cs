using System.ComponentModel;
using System.Runtime.Serialization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using FunAsr.AsrService.Api.Uploads;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Native;

/// <summary>The multipart form of <c>POST /api/asr/voices</c>: a name and either a transcript speaker's voiceprint or a clip.</summary>
public sealed class VoiceRequest
{
    [DataMember(Name = "name"), JsonPropertyName("name"), Description("The person's name (1-100 characters); naming an existing name adds a sample to it")]
    public string? Name { get; set; }

    [DataMember(Name = "voiceprint"), JsonPropertyName("voiceprint"), Description("A diarized transcript speaker's voiceprint id (speakers[].voiceprint)")]
    public string? Voiceprint { get; set; }

    [DataMember(Name = "file"), JsonPropertyName("file"), Description("Instead of a voiceprint: 2-10 s of the person alone")]
    public IFormFile? File { get; set; }
}

/// <summary>
/// <c>/api/asr/voices</c>: the caller's tenant's named voices, which label the speakers of later recordings. Listing
/// never returns embeddings; deleting removes them.
/// </summary>
public static class VoiceEndpoints
{
    public static RouteGroupBuilder MapVoiceEndpoints(this RouteGroupBuilder asr)
    {
        // Naming people's voices is a content user's work, like uploading and editing (docs/security.md).
        var voices = asr.MapGroup("").RequireRole(Roles.Content);
        voices.MapGet("/voices", ListAsync).WithName("ListVoices").WithSummary("The named voices of the caller's tenant (no embeddings)")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        voices.MapPost("/voices", NameAsync).WithName("NameVoice")
            .WithSummary("Name a voice: a transcript speaker's voiceprint, or a 2-10 s clip")
            .WithDescription("Later diarized recordings label a speaker with this name when their voice matches (Asr:Diarization:VoiceMatchThreshold).")
            .AcceptsUpload()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        voices.MapDelete("/voices/{id}", DeleteAsync).WithName("DeleteVoice").WithSummary("Forget a named voice and its embeddings")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return asr;
    }

    private static async Task<Ok<IReadOnlyList<NamedVoice>>> ListAsync(ClaimsPrincipal user, VoiceLibrary library) =>
        TypedResults.Ok(await library.ListAsync(VoiceTenant.Of(user)));

    private static async Task<Created<NamedVoice>> NameAsync(
        [FromForm] VoiceRequest request,
        ClaimsPrincipal user,
        VoiceLibrary library,
        VoiceprintStore voiceprints,
        KnownSpeakerReferences clips,
        DiarizationEngine engine,
        IOptions<DiarizationOptions> options,
        CancellationToken cancellationToken)
    {
        var name = VoiceLibrary.CheckName(request.Name);
        float[] embedding;
        if (request.File is { } file)
        {
            await using var clip = file.OpenReadStream();
            embedding = await clips.EmbedClipAsync(clip, cancellationToken);
        }
        else if (TranscriptionSettingsParser.Value(request.Voiceprint) is { } id)
        {
            var found = await voiceprints.GetAsync([id.Trim()], engine.EmbeddingModelKey);
            embedding = found.GetValueOrDefault(id.Trim()) ?? throw AsrException.NotFound("voiceprint_not_found",
                $"No voiceprint '{id}': voiceprints are kept {options.Value.VoiceprintRetention.TotalDays:0.#} days after the recording " +
                "(Asr:Diarization:VoiceprintRetention); transcribe the recording again, or name the voice from a 2-10 s clip.");
        }
        else
        {
            throw AsrException.Invalid("missing_voice", "Give 'voiceprint' (a transcript speaker's) or a 2-10 s clip as 'file'.", "voiceprint");
        }
        var voice = await library.AddAsync(VoiceTenant.Of(user), name, embedding, engine.EmbeddingModelKey, VoiceTenant.Actor(user));
        return TypedResults.Created($"/api/asr/voices/{voice.Id}", voice);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, VoiceLibrary library) =>
        await library.DeleteAsync(VoiceTenant.Of(user), id)
            ? TypedResults.NoContent()
            : JobEndpoints.Problem(StatusCodes.Status404NotFound, "not_found", $"No named voice '{id}'.");
}
