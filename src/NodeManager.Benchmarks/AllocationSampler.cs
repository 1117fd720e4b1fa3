using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace NodeManager.Benchmarks;

/// <summary>
/// Which types allocate, sampled in-process from the runtime's GC AllocationTick events (one per ~100 KB
/// allocated), for <c>--alloc-profile</c>: a rough allocation profile without dotnet-trace.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _enabled;

    public void Start()
    {
        _bytes.Clear();
        _enabled = true;
    }

    /// <summary>Stops sampling and returns the top types with their share of the sampled bytes.</summary>
    public IReadOnlyList<string> Stop(int top = 25)
    {
        _enabled = false;
        var total = Math.Max(1, _bytes.Values.Sum());
        return [.. _bytes.OrderByDescending(p => p.Value).Take(top).Select(p => $"{100.0 * p.Value / total,5:F1}%  {p.Key}")];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_enabled || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount");
        if (typeIndex < 0 || amountIndex < 0 || eventData.Payload?[typeIndex] is not string type)
        {
            return;
        }

        var amount = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, old) => old + amount);
    }
}
