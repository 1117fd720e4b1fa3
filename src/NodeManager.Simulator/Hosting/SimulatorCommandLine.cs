using System.Text;

namespace NodeManager.Simulator.Hosting;

/// <summary>Parses <c>--name value</c> / <c>--name=value</c> into <see cref="SimulatorOptions"/> and prints <c>--help</c> from the same table.</summary>
public static class SimulatorCommandLine
{
    public static readonly IReadOnlyList<OptionSpec> Options =
    [
        new("--server", "URL[,URL…]", "gRPC endpoint of the server, h2c, loopback; repeat it or separate URLs with commas for the silos of a cluster: agents are spread over them round-robin and move to the next after a broken stream (default http://127.0.0.1:5081)", (o, v) => o.Servers.AddRange(ValueParser.Uris(v))),
        new("--rest", "URL", "REST endpoint, for bulk import and churn (default http://127.0.0.1:5080)", (o, v) => o.Rest = new Uri(v)),
        new("--scenario", "NAME", "steady | kill | shutdown | flap | mass-outage | reconnect-storm | churn | max (default steady)", (o, v) => o.Scenario = ValueParser.Scenario(v)),
        new("--nodes", "N", "simulated agents, one node each (default 1000)", (o, v) => o.Nodes = ValueParser.Int(v)),
        new("--mode", "MODE", "multiplexed (agents share --connections HTTP/2 connections) | per-agent (one TCP connection per agent from 127.0.0.2, .3, …) (default multiplexed)", (o, v) => o.Mode = ValueParser.Mode(v)),
        new("--connections", "M", "HTTP/2 connections to each endpoint in multiplexed mode; keep nodes/(endpoints·M) under the server's HTTP/2 MaxStreamsPerConnection, 10,000 by default (default 16)", (o, v) => o.Connections = ValueParser.Int(v)),
        new("--agents-per-source", "N", "per-agent mode: agents per loopback source address (default 20000, max 28000)", (o, v) => o.AgentsPerSource = ValueParser.Int(v)),
        new("--register", "HOW", "import (bulk REST POST /v1/nodes:import, default) | create (one CreateNode each)", (o, v) => o.BulkImport = v == "import" ? true : v == "create" ? false : throw new FormatException("import or create")),
        new("--import-batch", "N", "rows per import request (default 10000)", (o, v) => o.ImportBatch = ValueParser.Int(v)),
        new("--name-prefix", "P", "node names P-000001…, reused across runs (default sim)", (o, v) => o.NamePrefix = v),
        new("--ip-net", "A", "first octet of the nodes' addresses A.x.y.z, so two simulators on one server do not clash (default 10)", (o, v) => o.IpNet = ValueParser.Int(v)),
        new("--dead-agent-port", "PORT", "agent_port of every node; must have nothing listening so probes of stopped agents fail (default 9)", (o, v) => o.DeadAgentPort = ValueParser.Int(v)),
        new("--interval", "DUR", "heartbeat interval until the server's first ack directs one (default 5s)", (o, v) => o.InitialInterval = ValueParser.Duration(v)),
        new("--warmup", "DUR", "steady time after every agent is connected and acked, before measuring (default 10s)", (o, v) => o.Warmup = ValueParser.Duration(v)),
        new("--duration", "DUR", "measured steady window (default 60s)", (o, v) => o.Duration = ValueParser.Duration(v)),
        new("--fraction", "F", "share of agents the scenario acts on, (0,1] (default 0.01; mass-outage 0.9)", (o, v) => o.Fraction = ValueParser.Double(v)),
        new("--detect-timeout", "DUR", "kill/shutdown/flap: wait this long for every victim's transition (default 60s)", (o, v) => o.DetectTimeout = ValueParser.Duration(v)),
        new("--outage", "DUR", "mass-outage: how long the agents stay silent (default 30s)", (o, v) => o.Outage = ValueParser.Duration(v)),
        new("--flap-cycles", "N", "flap: drop/reconnect cycles (default 3)", (o, v) => o.FlapCycles = ValueParser.Int(v)),
        new("--flap-down", "DUR", "flap: time away per cycle (default 15s)", (o, v) => o.FlapDown = ValueParser.Duration(v)),
        new("--churn-rate", "R", "churn: nodes registered and deregistered per second (default 10)", (o, v) => o.ChurnRate = ValueParser.Double(v)),
        new("--restart-command", "CMD", "reconnect-storm: /bin/sh command that restarts the server and returns once it listens", (o, v) => o.RestartCommand = v),
        new("--recover-timeout", "DUR", "reconnect-storm/mass-outage: time allowed to be all READY again (default 120s)", (o, v) => o.RecoverTimeout = ValueParser.Duration(v)),
        new("--max-rates", "R1,R2,…", "max: heartbeat rates tried in order (default 20000,40000,60000,80000,100000,120000)", (o, v) => o.MaxRates = v.Split(',').Select(ValueParser.Int).ToList()),
        new("--step-duration", "DUR", "max: time held at each rate (default 20s)", (o, v) => o.StepDuration = ValueParser.Duration(v)),
        new("--max-p99", "DUR", "max: a rate is sustained when ack p99 stays under this and no heartbeat is lost (default 50ms)", (o, v) => o.MaxP99 = ValueParser.Duration(v)),
        new("--server-pid", "PID", "server process: report its CPU-s per 100k heartbeats and RSS from /proc", (o, v) => o.ServerPid = ValueParser.Int(v)),
        new("--server-pid-file", "FILE", "file with the server's PID, re-read after a restart", (o, v) => o.ServerPidFile = v),
        new("--connect-rate", "R", "streams opened per second while connecting (default 20000)", (o, v) => o.ConnectRate = ValueParser.Int(v)),
        new("--reconnect-max-delay", "DUR", "reconnect backoff cap, full jitter (default 5s)", (o, v) => o.ReconnectMaxDelay = ValueParser.Duration(v)),
        new("--failover-jitter", "DUR", "the first reconnect after a working stream broke goes to the next endpoint within a random delay up to this; later ones back off (default 1s)", (o, v) => o.FailoverJitter = ValueParser.Duration(v)),
        new("--tick-ms", "MS", "scheduler tick (default 5)", (o, v) => o.Tick = TimeSpan.FromMilliseconds(ValueParser.Int(v))),
        new("--max-runtime", "DUR", "hard bound on the whole run (default 30m)", (o, v) => o.MaxRuntime = ValueParser.Duration(v)),
        new("--json", "FILE", "also append the one-line JSON report to FILE", (o, v) => o.JsonFile = v),
        new("--label", "TEXT", "free text copied into the report (store, load average, …)", (o, v) => o.Label = v),
        new("--seed", "N", "random seed for victim choice and jitter (default 1)", (o, v) => o.Seed = ValueParser.Int(v)),
        new("--token", "JWT", "bearer token of every call, for a server that requires authentication: an admin's, it imports and deletes nodes (docs/security.md)", (o, v) => o.Token = v),
    ];

    public static bool IsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>Options from <paramref name="args"/>; <paramref name="errors"/> lists every unknown option, bad value and failed check.</summary>
    public static SimulatorOptions Parse(IReadOnlyList<string> args, out List<string> errors)
    {
        var options = new SimulatorOptions();
        errors = [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            var spec = Options.FirstOrDefault(o => o.Name == name);
            if (spec is null)
            {
                errors.Add($"unknown option '{name}' (see --help)");
                continue;
            }

            string? value = eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : null;
            if (value is null)
            {
                errors.Add($"{name} needs a value ({spec.Value})");
                continue;
            }

            try
            {
                spec.Apply(options, value);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or UriFormatException)
            {
                errors.Add($"{name} '{value}': {ex.Message}");
            }
        }

        errors.AddRange(SimulatorOptionsValidator.Validate(options));
        return options;
    }

    public static string Help()
    {
        var text = new StringBuilder();
        text.AppendLine("NodeManager.Simulator: N simulated node agents heartbeating a NodeManager server over gRPC, scenarios, a report.");
        text.AppendLine();
        text.AppendLine("Usage: NodeManager.Simulator [--option value | --option=value ...]");
        text.AppendLine();
        foreach (var o in Options)
        {
            text.AppendLine($"  {$"{o.Name} {o.Value}",-28} {o.Help}");
        }

        text.AppendLine();
        text.AppendLine("Output: a human table and one JSON line (prefix 'SIMREPORT '). Exit 0 when the scenario's checks pass, 1 when not, 2 on bad options.");
        text.AppendLine("Durations: 5s, 250ms, 2m, 00:00:05 or bare seconds. Every wait is bounded by --max-runtime.");
        return text.ToString();
    }
}
