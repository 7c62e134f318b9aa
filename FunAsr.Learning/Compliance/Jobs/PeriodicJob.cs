namespace FunAsr.Learning.Compliance.Jobs;

/// <summary>A background job that runs its work in a fresh scope every interval, logging (not dying on) failures.</summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time => time;

    protected abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Compliance job {Job} failed; it runs again in {Interval}", Name, Interval);
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
