namespace FunAsr.QaBot.Ingest;

/// <summary>A lecture that cannot be ingested as given; the message says what to fix.</summary>
public sealed class LectureValidationException(string message) : Exception(message);
