namespace FunAsr.AsrService.Admission;

/// <summary>
/// The replica could not take the work now (its memory budget or decode slots stayed taken past the queue wait, or too
/// many requests were already waiting); the edge answers 503 with <see cref="RetryAfter"/>. When <see cref="RetryAfter"/>
/// is null the work can never fit this replica's budget, and retrying cannot help (413).
/// </summary>
public sealed class AdmissionRejectedException(string message, TimeSpan? retryAfter) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
