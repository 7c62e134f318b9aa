using System.Net.Http.Headers;

namespace FunAsr.Tests.Gateway;

/// <summary>
/// Keeps the cookies the gateway sets and sends them back, Secure ones included (the tests talk plain http to
/// loopback, where browsers also accept them but HttpClient's cookie container would not).
/// </summary>
public sealed class SessionCookieHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_cookies)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Remove("Cookie");
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(pair => $"{pair.Key}={pair.Value}")));
            }
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            lock (_cookies)
            {
                foreach (var header in setCookies)
                {
                    var pair = header.Split(';', 2)[0];
                    var separator = pair.IndexOf('=');
                    var (name, value) = (pair[..separator], pair[(separator + 1)..]);
                    // An expired cookie (sign-out) is a deletion.
                    if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    {
                        _cookies.Remove(name);
                    }
                    else
                    {
                        _cookies[name] = value;
                    }
                }
            }
        }
        return response;
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
