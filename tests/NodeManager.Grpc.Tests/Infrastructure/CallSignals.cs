using System.Collections.Concurrent;

namespace NodeManager.Grpc.Tests.Infrastructure;

/// <summary>Lets tests wait for what a server handler observed, keyed by the request's test_id.</summary>
public sealed class CallSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();

    public TaskCompletionSource Get(string testId, string name) =>
        _signals.GetOrAdd($"{testId}/{name}", _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
