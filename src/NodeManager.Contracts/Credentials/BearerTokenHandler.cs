using System.Net.Http.Headers;

namespace NodeManager.Contracts.Credentials;

/// <summary>
/// Adds <c>Authorization: Bearer …</c> to every request of a channel (over h2c or TLS alike) unless the call set its
/// own: the token of <see cref="TokenSource"/>, read again when its file changes, so a rotated token needs no restart.
/// </summary>
public sealed class BearerTokenHandler(TokenSource token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && token.Current() is { Length: > 0 } value)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>A bearer token given as text, or kept in a file (re-read when its modification time changes).</summary>
public sealed class TokenSource
{
    private readonly string? _text;
    private readonly string? _file;
    private readonly Lock _gate = new();
    private (DateTime Written, string Token)? _read;

    private TokenSource(string? text, string? file)
    {
        _text = text;
        _file = file;
    }

    public static TokenSource FromText(string token) => new(token.Trim(), null);

    public static TokenSource FromFile(string path) => new(null, path);

    /// <summary>The token now; for a file that cannot be read, the last one read (or null).</summary>
    public string? Current()
    {
        if (_file is null)
        {
            return _text;
        }

        lock (_gate)
        {
            try
            {
                var written = File.GetLastWriteTimeUtc(_file);
                if (_read is not { } read || read.Written != written)
                {
                    _read = (written, File.ReadAllText(_file).Trim());
                }
            }
            catch (IOException)
            {
                // Being replaced: the previous token until the new file reads.
            }

            return _read?.Token;
        }
    }
}
