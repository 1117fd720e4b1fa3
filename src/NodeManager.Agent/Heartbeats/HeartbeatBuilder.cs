using NodeManager.Agent.Conditions;
using NodeManager.Agent.Facts;
using NodeManager.Agent.Hosting;
using NodeManager.Contracts.V1;

namespace NodeManager.Agent.Heartbeats;

/// <summary>One heartbeat from fresh readings: conditions that hold, observed addresses, resource usage.</summary>
public sealed class HeartbeatBuilder(HostObserver host, AgentOptions options)
{
    public Heartbeat Build(string nodeId, ulong seq, bool goodbye = false)
    {
        var observation = host.Observe();
        var facts = observation.Facts;
        var heartbeat = new Heartbeat
        {
            NodeId = nodeId,
            Seq = seq,
            Goodbye = goodbye,
            Observed = new ObservedAddresses
            {
                Ip = observation.PrimaryIp,
                Mac = observation.PrimaryMac,
                Veth = observation.Primary?.Name ?? "",
            },
            Usage = new ResourceUsage
            {
                CpuMilliCoresUsed = host.SampleCpuMilliCores(facts.CpuCount),
                MemoryBytesUsed = facts.Memory.UsedBytes,
                StorageBytesUsed = facts.RootDisk.UsedBytes,
            },
        };
        heartbeat.Conditions.Add(ConditionEvaluator.Evaluate(facts.Memory, facts.RootDisk, observation.Primary, options.Thresholds));
        return heartbeat;
    }
}
