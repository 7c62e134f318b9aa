using FunAsr.AsrService.Api.Transcription;

namespace FunAsr.AsrService.Api.Subtitles;

public static class TranscriptSubtitles
{
    public static IEnumerable<SubtitleCue> Cues(Transcript transcript, bool rich) =>
        transcript.Segments.Select(s => new SubtitleCue(s.Start, s.End, rich ? s.RichText : s.Text));

    public static string Srt(Transcript transcript, bool rich = false) => SubtitleWriter.ToSrt(Cues(transcript, rich));

    public static string Vtt(Transcript transcript, bool rich = false) => SubtitleWriter.ToVtt(Cues(transcript, rich));
}
