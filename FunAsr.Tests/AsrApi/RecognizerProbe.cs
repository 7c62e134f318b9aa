using FunAsr.AsrService.Recognition;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.AsrApi;

/// <summary>
/// Wraps the real engine's recogniser to count calls and, where a test needs it, hold a call back
/// (a worker that dies mid-job, a slow job to cancel).
/// </summary>
public sealed class RecognizerProbe
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Runs before each call with its 1-based number (the engine's warm-up is call 1).</summary>
    public Func<int, CancellationToken, Task>? BeforeCall { get; set; }

    public void Install(IServiceCollection services)
    {
        var real = services.Last(d => d.ServiceType == typeof(ISpeechRecognizer));
        services.Remove(real);
        services.AddSingleton<ISpeechRecognizer>(sp => new Observed(
            (ISpeechRecognizer)(real.ImplementationFactory?.Invoke(sp) ?? real.ImplementationInstance!), this));
    }

    private sealed class Observed(ISpeechRecognizer inner, RecognizerProbe probe) : ISpeechRecognizer
    {
        public ModelDescriptor Model => inner.Model;

        public async Task<RecognitionResult> RecognizeAsync(AudioClip audio, RecognitionOptions options, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref probe._calls);
            if (probe.BeforeCall is { } hook)
            {
                await hook(call, cancellationToken);
            }
            return await inner.RecognizeAsync(audio, options, cancellationToken);
        }
    }
}
