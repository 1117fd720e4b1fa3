using System.Diagnostics;
using System.Net.Sockets;
using Grpc.Core;
using NodeManager.Contracts.V1;
using NodeManager.Simulator.Agents;
using NodeManager.Simulator.Hosting;
using NodeManager.Simulator.Measure;
using NodeManager.Simulator.Reports;
using NodeManager.Simulator.Wire;

namespace NodeManager.Simulator.Scenarios;

/// <summary>
/// Runs one scenario against a server over the wire: registers the nodes, connects the fleet, runs the
/// scheduler and reconnector, follows the health watch, executes the plan's steps, and fills the report.
/// </summary>
public sealed partial class ScenarioRunner(SimulatorOptions options, TextWriter log)
{
    private readonly SimulationReport _report = new();
    private readonly Dictionary<string, List<long>> _actedAt = new(StringComparer.Ordinal);

    /// <summary>One wall-clock reading and the stopwatch's at the same moment: acts are stamped by the stopwatch, transitions by the server's wall clock.</summary>
    private readonly (DateTimeOffset Wall, long Stamp) _clock = (DateTimeOffset.UtcNow, Stopwatch.GetTimestamp());

    private DateTimeOffset WallClockAt(long stamp) => _clock.Wall + Stopwatch.GetElapsedTime(_clock.Stamp, stamp);
    private AgentFleet _fleet = null!;
    private HealthWatch _watch = null!;
    private NodeRegistrar _registrar = null!;
    private ServerSampler _sampler = null!;
    private HealthService.HealthServiceClient _health = null!;
    private Uri _control = null!;
    private HashSet<string> _fleetIds = [];
    private List<SimAgent> _victims = [];

    public async Task<SimulationReport> RunAsync(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.MaxRuntime);
        var ct = bounded.Token;
        await EnsureNothingListensAsync(options.DeadAgentPort, ct);
        _control = await ControlEndpointAsync(options.Endpoints, ct);
        using var control = ChannelFactory.Create(_control, null, allowMoreConnections: true, options.Token);
        _health = new HealthService.HealthServiceClient(control);
        _registrar = new NodeRegistrar(options.Rest, control, options.NamePrefix, options.IpNet, options.DeadAgentPort, options.Token);
        _sampler = new ServerSampler(options.ServerPid, options.ServerPidFile);
        (_report.Scenario, _report.Nodes, _report.Label) = (ValueParser.Name(options.Scenario), options.Nodes, options.Label);
        var ids = await RegisterAsync(ct);
        _fleetIds = ids.ToHashSet(StringComparer.Ordinal);
        await using var fleet = new AgentFleet(options, ids, new FleetCounters(options.Endpoints.Count));
        await using var watch = new HealthWatch(control);
        (_fleet, _watch) = (fleet, watch);
        using var loops = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var background = new[] { fleet.RunSchedulerAsync(loops.Token), fleet.RunReconnectorAsync(loops.Token), _sampler.RunAsync(loops.Token) };
        try
        {
            foreach (var step in ScenarioPlan.For(options))
            {
                Log($"step {step.Kind} {(step.Duration > TimeSpan.Zero ? $"{step.Duration.TotalSeconds:0.#} s" : "")}");
                await ExecuteAsync(step, ct);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _report.Failures.Add($"the run hit --max-runtime ({options.MaxRuntime})");
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException or IOException or InvalidOperationException)
        {
            _report.Failures.Add($"the run stopped: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            await loops.CancelAsync();
            await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        return _report;
    }

    private async Task ExecuteAsync(ScenarioStep step, CancellationToken ct)
    {
        switch (step.Kind)
        {
            case StepKind.Connect:
                var clock = Stopwatch.StartNew();
                var all = await _fleet.ConnectAllAsync(TimeSpan.FromSeconds(120), ct);
                Log($"connected {_fleet.ConnectedCount:N0} of {_fleet.Agents.Length:N0} agents in {clock.Elapsed.TotalSeconds:F1} s{(all ? "" : " (not all acked)")}{PerEndpoint(_fleet.ConnectedPerEndpoint())}");
                await _watch.StartAsync(ct);
                break;
            case StepKind.Warmup or StepKind.Hold:
                await Task.Delay(step.Duration, ct);
                break;
            case StepKind.BeginWindow:
                BeginWindow();
                break;
            case StepKind.EndWindow:
                EndWindow(_report);
                break;
            case StepKind.Rate when !_stopRamp:
                await RateStepAsync(step, ct);
                break;
            case StepKind.Rate:
                break;
            case StepKind.Churn:
                var churn = new ChurnDriver(options, _control, _registrar, _fleet.Counters, _fleet.Interval, log);
                await churn.RunAsync(step.Duration, ct);
                (_report.ChurnOps, _report.ChurnErrors) = (churn.Operations, churn.Errors);
                break;
            default:
                await ActAsync(step, ct);
                break;
        }
    }

    private async Task<string[]> RegisterAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string[] ids;
        if (options.BulkImport)
        {
            ids = await _registrar.ImportAsync(0, options.Nodes, options.ImportBatch, ct);
        }
        else
        {
            ids = new string[options.Nodes];
            await Parallel.ForAsync(0, options.Nodes, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct },
                async (i, c) => ids[i] = await _registrar.CreateAsync(i, c));
        }

        Log($"registered {ids.Length:N0} nodes in {clock.Elapsed.TotalSeconds:F1} s ({(options.BulkImport ? "bulk import" : "CreateNode")})");
        return ids;
    }

    /// <summary>Probes of killed agents must fail: refuse to run when something listens on the dead agent port.</summary>
    private static async Task EnsureNothingListensAsync(int port, CancellationToken ct)
    {
        if (await AcceptsAsync("127.0.0.1", port, ct))
        {
            throw new InvalidOperationException($"something listens on 127.0.0.1:{port}; choose a --dead-agent-port with nothing listening");
        }
    }

    /// <summary>
    /// Where registration, the health watch and churn go: the first endpoint that accepts a connection (with several,
    /// one may be down), else the first (whose failure then says what is wrong).
    /// </summary>
    private async Task<Uri> ControlEndpointAsync(IReadOnlyList<Uri> endpoints, CancellationToken ct)
    {
        if (endpoints.Count == 1)
        {
            return endpoints[0];
        }

        foreach (var endpoint in endpoints)
        {
            if (await AcceptsAsync(endpoint.DnsSafeHost, endpoint.Port, ct))
            {
                Log($"{endpoints.Count} server endpoints; registration and the health watch use {endpoint}");
                return endpoint;
            }
        }

        return endpoints[0];
    }

    private static async Task<bool> AcceptsAsync(string host, int port, CancellationToken ct)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(2), ct);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private string PerEndpoint(int[] connected) =>
        connected.Length == 1 ? "" : " (" + string.Join(", ", _fleet.Endpoints.Select((e, i) => $"{e} {connected[i]:N0}")) + ")";

    private void Log(string message) => log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
