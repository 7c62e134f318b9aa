namespace FunAsr.Learning.Compliance.Alerts;

/// <summary>
/// Wakes the inbox streams of this replica the moment an alert is stored here; streams also poll the table, so alerts
/// stored by another replica reach them within the poll interval.
/// </summary>
public sealed class AlertNotifier
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next <see cref="Notify"/> or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = Volatile.Read(ref _changed).Task;
        var timer = Task.Delay(timeout, time, delay.Token);
        await Task.WhenAny(woken, timer);
        await delay.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
