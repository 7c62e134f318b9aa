namespace FunAsr.AsrService.Diarization;

/// <summary>One stretch of speech by one speaker: seconds from the start of the audio; <see cref="Speaker"/> is 0-based.</summary>
public readonly record struct SpeakerTurn(double Start, double End, int Speaker)
{
    public double Duration => End - Start;
}
