using NodeManager.Core.Changes;

namespace NodeManager.Server.Changes;

/// <summary>In-process consumer of every change-feed event, in revision order, before watchers see them. Must be quick and must not throw.</summary>
public interface IChangeListener
{
    void OnChanges(IReadOnlyList<ChangeEvent> changes);
}
