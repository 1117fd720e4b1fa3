using NodeManager.Contracts.V1;
using NodeManager.Core.Changes;
using NodeManager.Core.Errors;
using NodeManager.Core.Labels;
using NodeManager.Server.Health;

namespace NodeManager.Server.Changes;

/// <summary>WatchNodes and WatchNodeHealth: filters over one <see cref="WatchStream"/>, shared by gRPC and SSE.</summary>
public sealed class WatchService(WatchStream stream, HealthRegistry registry)
{
    public IAsyncEnumerable<NodeEvent> WatchNodes(WatchNodesRequest request, CancellationToken cancellationToken)
    {
        var selector = Selector(request.LabelSelector);
        return Map(stream.WatchAsync(request.AfterRevision, request.FromNow, change =>
            (!request.ExcludeHealth || change.Kind != ChangeKind.HealthChanged) && Matches(selector, change), cancellationToken), ChangeMapper.ToNodeEvent);
    }

    public IAsyncEnumerable<NodeHealthEvent> WatchNodeHealth(WatchNodeHealthRequest request, CancellationToken cancellationToken)
    {
        var selector = Selector(request.LabelSelector);
        return Map(stream.WatchAsync(request.AfterRevision, request.FromNow, change =>
            change.Kind == ChangeKind.HealthChanged && Matches(selector, change), cancellationToken), ChangeMapper.ToHealthEvent);
    }

    private bool Matches(LabelSelector selector, ChangeEvent change)
    {
        if (selector.IsEmpty)
        {
            return true;
        }

        var labels = change.Node?.Spec.Labels ?? registry.Find(change.NodeId)?.Spec.Labels;
        return labels is not null && selector.Matches(labels);
    }

    private static LabelSelector Selector(string text) =>
        LabelSelector.TryParse(text, out var selector, out var error) ? selector : throw NodeManagerException.Invalid("label_selector", error!);

    private static async IAsyncEnumerable<T> Map<T>(IAsyncEnumerable<ChangeEvent> changes, Func<ChangeEvent, T> map)
    {
        await foreach (var change in changes)
        {
            yield return map(change);
        }
    }
}
