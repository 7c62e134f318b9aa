using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Transcription;

namespace FunAsr.AsrService.Speakers;

/// <summary>
/// A recording being diarized while it is recognised. Disposing it before <see cref="Result"/> was awaited cancels the
/// work and observes its end, so a failed recognition neither leaves it running nor leaves its failure unobserved.
/// </summary>
public sealed class PendingDiarization : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private bool _awaited;

    public PendingDiarization(DiarizationEngine engine, float[] samples, DiarizationSettings settings, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Running = engine.DiarizeAsync(samples, settings, _stop.Token);
    }

    private Task<DiarizationResult> Running { get; }

    public Task<DiarizationResult> Result
    {
        get
        {
            _awaited = true;
            return Running;
        }
    }

    public void Dispose()
    {
        if (!_awaited)
        {
            _stop.Cancel();
            Running.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _stop.Dispose();
    }
}
