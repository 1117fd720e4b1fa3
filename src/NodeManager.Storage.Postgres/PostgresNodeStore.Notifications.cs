using System.Net.Sockets;
using Npgsql;

namespace NodeManager.Storage.Postgres;

/// <summary>
/// Waking watchers when any instance commits events: one dedicated connection per store LISTENs
/// on <see cref="EventsChannel"/>, opened by the first waiter and reopened after a failure. Every
/// notification completes the shared signal all current waiters hold, then replaces it.
/// </summary>
public sealed partial class PostgresNodeStore
{
    private const string EventsChannel = "nodemanager_events";

    /// <summary>How long the listener waits for a notification before checking its connection is alive.</summary>
    private static readonly TimeSpan ListenIdleCheck = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ListenRetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _listenGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _eventsCommitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listener;

    public async Task WaitForEventsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task committed;
        Task listener;
        lock (_listenGate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            listener = _listener ??= Task.Run(() => ListenAsync(_stopping.Token));
            committed = _eventsCommitted.Task;
        }

        if (listener.IsFaulted)
        {
            await listener; // the listener met something other than a lost connection: say so
        }

        try
        {
            await committed.WaitAsync(timeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing committed in time: the caller reads again anyway.
        }
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, _) => SignalEventsCommitted();
                await ExecuteAsync(connection, null, $"LISTEN {EventsChannel}", stopping);
                SignalEventsCommitted(); // notifications sent while nobody listened are lost: let waiters read again
                while (true)
                {
                    if (!await connection.WaitAsync(ListenIdleCheck, stopping))
                    {
                        await ExecuteAsync(connection, null, "SELECT 1", stopping); // a dead connection fails here
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or SocketException or TimeoutException)
            {
                // Lost the connection (or could not open one): wake waiters, who read again and meet
                // the failure themselves if the database is down, and reconnect after a pause.
                SignalEventsCommitted();
            }

            try
            {
                await Task.Delay(ListenRetryDelay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void SignalEventsCommitted()
    {
        TaskCompletionSource committed;
        lock (_listenGate)
        {
            committed = _eventsCommitted;
            _eventsCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        committed.TrySetResult();
    }

    private async ValueTask StopListeningAsync()
    {
        Task? listener;
        lock (_listenGate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            listener = _listener;
        }

        if (listener is not null)
        {
            await listener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }
}
