using FunAsr.AsrService.Transcription;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// What recognising a job gave: its transcript as the submitter asked for it (redacted when asked) and, for a redacted job
/// when the deployment keeps it (<c>Asr:Compliance:KeepClearText</c>), the clear transcript, which goes to the Q&amp;A
/// service with the lecture and is shown there only to the roles allowed to see it. The job's own result never holds it.
/// <paramref name="Redacted"/> is the number of spans masked by kind (a redacted job; never a clear value), kept with the
/// result in the outbox so the record of the redaction (<see cref="Compliance.RedactionEntry"/>) survives a takeover.
/// </summary>
public sealed record RecognizedJob(Transcript Result, Transcript? Clear = null, IReadOnlyDictionary<string, int>? Redacted = null);
