namespace FunAsr.AsrService.Inference;

/// <summary>Runs utterances through the acoustic model, one output per input, in input order.</summary>
public interface IAcousticRunner
{
    Task<IReadOnlyList<AcousticOutput>> RunAsync(IReadOnlyList<AcousticInput> inputs, CancellationToken cancellationToken);
}

/// <summary>
/// Runs each call's own utterances in length-bucketed batches of at most <c>maxBatchSize</c> (<see cref="LengthBuckets"/>),
/// without sharing batches across calls.
/// </summary>
public sealed class DirectAcousticRunner(AcousticModel model, int maxBatchSize, double maxPaddingRatio = 1.25) : IAcousticRunner
{
    public async Task<IReadOnlyList<AcousticOutput>> RunAsync(IReadOnlyList<AcousticInput> inputs, CancellationToken cancellationToken) =>
        inputs.Count == 0 ? [] : await Task.Run(() => model.RunBucketed(inputs, maxBatchSize, maxPaddingRatio, cancellationToken), cancellationToken);
}
