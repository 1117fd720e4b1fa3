namespace NodeManager.Agent.Hosting;

/// <summary>
/// The NodeManager endpoints the agent may use (the silos of one cluster, behind several addresses; one address
/// that resolves to several IPs is one endpoint, connected to whatever DNS gives), one of them current.
/// Registration and the heartbeat stream use <see cref="Current"/>; after a failure the worker moves on with
/// <see cref="MoveNext"/>. Each endpoint's channel is made on first use and kept, so later attempts reuse its
/// connections; all are disposed with this.
/// </summary>
/// <remarks>
/// Used by the worker's loop only (register, stream, move, one at a time), so <see cref="_current"/> needs no
/// lock; the lock guards the lazily made channels against <see cref="Dispose"/> at shutdown.
/// </remarks>
public sealed class ServerEndpoints : IDisposable
{
    private readonly Uri[] _addresses;
    private readonly ServerEndpoint?[] _endpoints;
    private readonly Lock _gate = new();
    private int _current;
    private bool _disposed;
    private readonly AgentCredentials? _credentials;

    /// <param name="addresses">The endpoints in their configured order (at least one).</param>
    /// <param name="first">Index of the endpoint to start with (the host picks one at random, spreading agents over the silos).</param>
    public ServerEndpoints(IReadOnlyList<Uri> addresses, int first, AgentCredentials? credentials = null)
    {
        _credentials = credentials;
        ArgumentOutOfRangeException.ThrowIfZero(addresses.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(first, addresses.Count);
        _addresses = [.. addresses];
        _endpoints = new ServerEndpoint?[_addresses.Length];
        _current = first;
    }

    public IReadOnlyList<Uri> Addresses => _addresses;

    /// <summary>The current endpoint's address (its channel is not made by asking).</summary>
    public Uri CurrentAddress => _addresses[_current];

    /// <summary>The endpoint to use now; its channel is made on first use.</summary>
    public ServerEndpoint Current
    {
        get
        {
            var i = _current;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _endpoints[i] ??= new ServerEndpoint(_addresses[i], ServerChannel.Create(_addresses[i], _credentials));
            }
        }
    }

    /// <summary>Makes the next endpoint in the list (after the last, the first) current and returns it; with one endpoint, that one again.</summary>
    public ServerEndpoint MoveNext()
    {
        _current = (_current + 1) % _addresses.Length;
        return Current;
    }

    /// <summary>The endpoints of a setting: URLs separated by commas (blanks around them ignored), e.g. <c>http://a:5081,http://b:5081</c>.</summary>
    public static IReadOnlyList<string> Split(string? servers) =>
        (servers ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            for (var i = 0; i < _endpoints.Length; i++)
            {
                _endpoints[i]?.Channel.Dispose();
                _endpoints[i] = null;
            }
        }
    }
}
