using System.Net;
using System.Net.Sockets;

namespace NodeManager.Agent.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder between the agent and the server, so a test can cut the heartbeat path
/// (close every connection and refuse new ones) while the agent's probe endpoint stays reachable.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _cts = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    public TcpProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>Stops listening and resets every open connection.</summary>
    public async Task CutAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                try
                {
                    // RST rather than FIN: the agent sees the path break, not a polite close.
                    client.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                }

                client.Dispose();
            }

            _clients.Clear();
        }

        await _accepting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_cts.IsCancellationRequested)
        {
            await CutAsync();
        }

        _cts.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                var inbound = await _listener.AcceptTcpClientAsync(_cts.Token);
                var outbound = new TcpClient();
                await outbound.ConnectAsync(_target.Host, _target.Port, _cts.Token);
                lock (_clients)
                {
                    _clients.Add(inbound);
                    _clients.Add(outbound);
                }

                _ = PumpAsync(inbound, outbound);
                _ = PumpAsync(outbound, inbound);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut.
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Connection closed or cut.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
