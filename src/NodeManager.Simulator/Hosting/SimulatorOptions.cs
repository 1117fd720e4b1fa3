using NodeManager.Simulator.Scenarios;

namespace NodeManager.Simulator.Hosting;

/// <summary>Everything the simulator can be told (see <c>--help</c>); defaults are the documented ones.</summary>
public sealed class SimulatorOptions
{
    public static readonly Uri DefaultServer = new("http://127.0.0.1:5081");

    /// <summary>gRPC endpoints (h2c) as given by <c>--server</c>: one server, or the silos of one cluster. Empty = <see cref="DefaultServer"/>.</summary>
    public List<Uri> Servers { get; } = [];

    /// <summary>The endpoints the agents are spread over, round-robin: <see cref="Servers"/> (each once), or <see cref="DefaultServer"/> when none is given.</summary>
    public IReadOnlyList<Uri> Endpoints => Servers.Count > 0 ? [.. Servers.Distinct()] : [DefaultServer];

    /// <summary>REST endpoint of the server, for bulk import and churn. Default http://127.0.0.1:5080.</summary>
    public Uri Rest { get; set; } = new("http://127.0.0.1:5080");

    public ScenarioKind Scenario { get; set; } = ScenarioKind.Steady;

    /// <summary>Simulated agents (one node each). Default 1,000.</summary>
    public int Nodes { get; set; } = 1_000;

    public ConnectionMode Mode { get; set; } = ConnectionMode.Multiplexed;

    /// <summary>HTTP/2 connections to each endpoint in multiplexed mode. Default 16.</summary>
    public int Connections { get; set; } = 16;

    /// <summary>Agents per loopback source address in per-agent mode (each address has ~28k ephemeral ports). Default 20,000.</summary>
    public int AgentsPerSource { get; set; } = 20_000;

    /// <summary>Register nodes with one bulk REST import (default) or one CreateNode call each.</summary>
    public bool BulkImport { get; set; } = true;

    /// <summary>Rows per REST import request. Default 10,000.</summary>
    public int ImportBatch { get; set; } = 10_000;

    /// <summary>Node names are &lt;prefix&gt;-000001…; the same names are reused (idempotent import). Default "sim".</summary>
    public string NamePrefix { get; set; } = "sim";

    /// <summary>First octet of the nodes' IPv4 addresses (A.x.y.z from the node's index). Default 10.</summary>
    public int IpNet { get; set; } = 10;

    /// <summary>agent_port of every node: a port nothing listens on, so probes fail at once. Default 9.</summary>
    public int DeadAgentPort { get; set; } = 9;

    /// <summary>Interval used until the server's first ack directs one. Default 5 s.</summary>
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Measured window (steady part of every scenario). Default 60 s.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Share of agents a scenario acts on; default per scenario (1 %, mass-outage 90 %, flap 1 %, shutdown 1 %).</summary>
    public double? Fraction { get; set; }

    /// <summary>How long to wait for every victim's transition. Default 60 s.</summary>
    public TimeSpan DetectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Mass-outage: how long most agents stay silent. Default 30 s.</summary>
    public TimeSpan Outage { get; set; } = TimeSpan.FromSeconds(30);

    public int FlapCycles { get; set; } = 3;

    /// <summary>Flap: how long a flapping agent stays away each cycle. Default 15 s.</summary>
    public TimeSpan FlapDown { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Churn: nodes registered (and as many deregistered) per second. Default 10.</summary>
    public double ChurnRate { get; set; } = 10;

    /// <summary>Reconnect-storm: shell command that restarts the server (required for that scenario).</summary>
    public string? RestartCommand { get; set; }

    /// <summary>Time allowed for everything to be READY again after the restart. Default 120 s.</summary>
    public TimeSpan RecoverTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Max: rates tried (heartbeats/s), each held for <see cref="StepDuration"/>.</summary>
    public IReadOnlyList<int> MaxRates { get; set; } = [20_000, 40_000, 60_000, 80_000, 100_000, 120_000];

    public TimeSpan StepDuration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Max: a step passes when ack p99 is below this. Default 50 ms.</summary>
    public TimeSpan MaxP99 { get; set; } = TimeSpan.FromMilliseconds(50);

    public int? ServerPid { get; set; }

    /// <summary>File holding the server's PID (re-read after a restart).</summary>
    public string? ServerPidFile { get; set; }

    /// <summary>Streams opened per second while connecting. Default 20,000.</summary>
    public int ConnectRate { get; set; } = 20_000;

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first reconnect after a stream that worked goes to the next endpoint within a random delay up to this (as the agent does). Default 1 s.</summary>
    public TimeSpan FailoverJitter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Scheduler tick. Default 5 ms.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Hard bound on the whole run. Default 30 min.</summary>
    public TimeSpan MaxRuntime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Also append the JSON report line to this file.</summary>
    public string? JsonFile { get; set; }

    /// <summary>Free-form label copied into the report (store, load average, …).</summary>
    public string Label { get; set; } = "";

    public int Seed { get; set; } = 1;

    /// <summary>Bearer token of every call (REST and gRPC) to a server that requires authentication: an admin's (it imports and deletes nodes).</summary>
    public string? Token { get; set; }

    public double FractionOrDefault => Fraction ?? (Scenario == ScenarioKind.MassOutage ? 0.9 : 0.01);
}
