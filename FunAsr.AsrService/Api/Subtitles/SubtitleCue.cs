namespace FunAsr.AsrService.Api.Subtitles;

public sealed record SubtitleCue(double Start, double End, string Text);
