using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace FunAsr.ModelFetch;

public sealed record DownloadProgress(string FileName, long Received, long? Total, double BytesPerSecond);

/// <summary>
/// Downloads into a <c>.part</c> file and, when one is already there, asks only for the rest (HTTP Range),
/// so an interrupted fetch continues where it stopped.
/// </summary>
internal static class ResumableDownload
{
    private const int BufferBytes = 1 << 16;

    public static async Task DownloadAsync(HttpClient http, Uri url, string partPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0) request.Headers.Range = new RangeHeaderValue(existing, null);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new FetchException($"Could not reach {url}: {e.Message}", e);
        }

        using (response)
        {
            // The part file already holds the whole resource: nothing left to ask for.
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0) return;
            if (!response.IsSuccessStatusCode)
                throw new FetchException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");

            var resuming = response.StatusCode == HttpStatusCode.PartialContent
                && response.Content.Headers.ContentRange?.From == existing;
            if (!resuming) existing = 0;
            var total = resuming
                ? response.Content.Headers.ContentRange?.Length
                : response.Content.Headers.ContentLength;

            var received = existing;
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            await using var file = new FileStream(partPath, resuming ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var buffer = new byte[BufferBytes];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    received += read;
                    if (clock.Elapsed - lastReport >= TimeSpan.FromMilliseconds(100))
                    {
                        lastReport = clock.Elapsed;
                        progress?.Report(new DownloadProgress(Path.GetFileName(url.AbsolutePath), received, total, (received - existing) / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
                    }
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new FetchException($"The download of {url} broke off after {received} bytes ({e.Message}); run the same command again to resume.", e);
            }

            progress?.Report(new DownloadProgress(Path.GetFileName(url.AbsolutePath), received, total, (received - existing) / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
            if (total is { } expected && received < expected)
                throw new FetchException($"The download of {url} stopped at {received} of {expected} bytes; run the same command again to resume.");
        }
    }
}
