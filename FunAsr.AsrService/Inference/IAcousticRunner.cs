namespace FunAsr.AsrService.Inference;

/// <summary>Runs utterances through the acoustic model, one output per input, in input order.</summary>
public interface IAcousticRunner
{
    Task<IReadOnlyList<AcousticOutput>> RunAsync(IReadOnlyList<AcousticInput> inputs, CancellationToken cancellationToken);
}

/// <summary>Runs each call's own utterances in batches of at most <c>maxBatchSize</c>, without sharing batches across calls.</summary>
public sealed class DirectAcousticRunner(AcousticModel model, int maxBatchSize) : IAcousticRunner
{
    public async Task<IReadOnlyList<AcousticOutput>> RunAsync(IReadOnlyList<AcousticInput> inputs, CancellationToken cancellationToken)
    {
        var outputs = new List<AcousticOutput>(inputs.Count);
        for (var start = 0; start < inputs.Count; start += maxBatchSize)
        {
            var chunk = inputs.Skip(start).Take(maxBatchSize).ToList();
            outputs.AddRange(await Task.Run(() => model.Run(chunk, cancellationToken), cancellationToken));
            EngineTelemetry.BatchSize.Record(chunk.Count);
        }

        return outputs;
    }
}
