using NodeManager.Agent.Hosting;

namespace NodeManager.Agent.Facts;

/// <summary>Reads the host afresh on every call, with the primary interface chosen per the options.</summary>
public sealed class HostObserver(AgentOptions options, HostFactsReader reader)
{
    private readonly CpuSampler _cpu = new(reader.Root);
    private readonly Lock _cpuGate = new();

    public HostObservation Observe()
    {
        var facts = reader.Read();
        return new HostObservation(facts, PrimaryInterface.Choose(facts, options.Interface));
    }

    /// <summary>CPU used since the previous call, in milli-cores.</summary>
    public long SampleCpuMilliCores(int cpuCount)
    {
        lock (_cpuGate)
        {
            return _cpu.SampleMilliCores(cpuCount);
        }
    }
}
