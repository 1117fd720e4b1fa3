using NodeManager.Simulator.Scenarios;

namespace NodeManager.Simulator.Hosting;

/// <summary>Every invalid option at once, each with how to fix it.</summary>
public static class SimulatorOptionsValidator
{
    public static IReadOnlyList<string> Validate(SimulatorOptions o)
    {
        var failures = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        foreach (var server in o.Endpoints)
        {
            Check(server.Scheme == Uri.UriSchemeHttp && server.IsLoopback, $"--server must be http:// loopback addresses (h2c), e.g. http://127.0.0.1:5081; {server} is not.");
        }

        Check(o.Rest.Scheme == Uri.UriSchemeHttp && o.Rest.IsLoopback, $"--rest must be an http:// loopback address, e.g. http://127.0.0.1:5080; it is {o.Rest}.");
        Check(o.Nodes is >= 1 and <= 1_000_000, $"--nodes must be 1..1000000; it is {o.Nodes}.");
        Check(o.Connections is >= 1 and <= 10_000, $"--connections must be 1..10000; it is {o.Connections}.");
        Check(o.AgentsPerSource is >= 1 and <= 28_000, $"--agents-per-source must be 1..28000 (ephemeral ports per source address); it is {o.AgentsPerSource}.");
        Check(o.Mode != ConnectionMode.PerAgent || (o.Nodes + o.AgentsPerSource - 1) / o.AgentsPerSource <= 250,
            "--mode per-agent needs at most 250 source addresses (127.0.0.2-127.0.0.251): raise --agents-per-source or lower --nodes.");
        Check(o.ImportBatch is >= 1 and <= 100_000, $"--import-batch must be 1..100000; it is {o.ImportBatch}.");
        Check(o.NamePrefix.Length is >= 1 and <= 40 && o.NamePrefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'),
            $"--name-prefix must be 1-40 of a-z, 0-9, '-'; it is '{o.NamePrefix}'.");
        Check(o.IpNet is >= 1 and <= 223 and not 127, $"--ip-net must be 1..223 and not 127 (a unicast first octet); it is {o.IpNet}.");
        Check(o.DeadAgentPort is >= 1 and <= 65_535, $"--dead-agent-port must be 1..65535; it is {o.DeadAgentPort}.");
        Check(o.InitialInterval > TimeSpan.Zero, "--interval must be positive, e.g. 5s.");
        Check(o.Warmup >= TimeSpan.Zero, "--warmup must not be negative.");
        Check(o.Duration > TimeSpan.Zero, "--duration must be positive, e.g. 60s.");
        Check(o.Fraction is null or (> 0 and <= 1), $"--fraction must be in (0, 1]; it is {o.Fraction}.");
        Check(o.DetectTimeout > TimeSpan.Zero && o.RecoverTimeout > TimeSpan.Zero, "--detect-timeout and --recover-timeout must be positive.");
        Check(o.Outage > TimeSpan.Zero && o.FlapDown > TimeSpan.Zero, "--outage and --flap-down must be positive.");
        Check(o.FlapCycles is >= 1 and <= 100, $"--flap-cycles must be 1..100; it is {o.FlapCycles}.");
        Check(o.ChurnRate is > 0 and <= 1000, $"--churn-rate must be in (0, 1000] per second; it is {o.ChurnRate}.");
        Check(o.Scenario != ScenarioKind.ReconnectStorm || !string.IsNullOrWhiteSpace(o.RestartCommand),
            "--scenario reconnect-storm needs --restart-command (a shell command that restarts the server and returns when it listens).");
        Check(o.MaxRates.Count > 0 && o.MaxRates.All(r => r > 0), "--max-rates must be a comma-separated list of positive heartbeats/s.");
        Check(o.StepDuration > TimeSpan.Zero && o.MaxP99 > TimeSpan.Zero, "--step-duration and --max-p99 must be positive.");
        Check(o.ServerPid is null or > 0, "--server-pid must be a process id.");
        Check(o.ConnectRate is >= 1 and <= 1_000_000, $"--connect-rate must be 1..1000000 streams/s; it is {o.ConnectRate}.");
        Check(o.ReconnectMaxDelay > TimeSpan.Zero, "--reconnect-max-delay must be positive.");
        Check(o.FailoverJitter >= TimeSpan.Zero, "--failover-jitter must not be negative.");
        Check(o.Tick >= TimeSpan.FromMilliseconds(1) && o.Tick <= TimeSpan.FromMilliseconds(100), "--tick-ms must be 1..100.");
        Check(o.MaxRuntime > TimeSpan.Zero, "--max-runtime must be positive.");
        return failures;
    }
}
