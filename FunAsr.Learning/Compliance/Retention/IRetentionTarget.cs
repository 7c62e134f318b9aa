namespace FunAsr.Learning.Compliance.Retention;

/// <summary>Where one type of data lives: lists what is older than a cut-off and deletes one item.</summary>
public interface IRetentionTarget
{
    string DataType { get; }

    /// <summary>Who does the deleting, for the settings page ("this service", "the Q&amp;A service").</summary>
    string EnforcedBy { get; }

    Task<IReadOnlyList<RetentionCandidate>> OlderThanAsync(DateTime cutoff, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the item; false when it was already gone.</summary>
    Task<bool> DeleteAsync(RetentionCandidate item, CancellationToken cancellationToken);
}
