using Grpc.Core;
using Microsoft.Extensions.Logging;
using NodeManager.Agent.Facts;
using NodeManager.Agent.Hosting;
using NodeManager.Contracts.V1;

namespace NodeManager.Agent.Registration;

/// <summary>
/// Idempotent create-or-update by id. First run: CreateNode with a new UUID (or adopt the node
/// imported at buildout when the name/ip/mac is taken). Later runs: GetNode, then UpdateNode with the
/// read version when the facts changed (ABORTED → re-read and retry, bounded). A node deleted on the
/// server is created again under the same id. Every call goes to the current endpoint; a failure escapes to the
/// worker, which moves to the next one and registers again from the start.
/// </summary>
public sealed partial class NodeRegistrar(
    ServerEndpoints endpoints,
    HostObserver host,
    NodeIdStore ids,
    AgentCredentials credentials,
    AgentOptions options,
    TimeProvider time,
    ILogger<NodeRegistrar> logger)
{
    public const int MaxUpdateAttempts = 5;

    public async Task<Node> RegisterAsync(CancellationToken cancellationToken)
    {
        var desired = NodeSpecBuilder.Build(host.Observe(), options);
        // A credential names one node: the agent is that node (a node imported at buildout gets its token by its id).
        var id = credentials.NodeId ?? ids.Read();
        if (credentials.NodeId is { } named && ids.Read() != named)
        {
            ids.Write(named);
        }

        if (id is null)
        {
            var created = await CreateOrAdoptAsync(Guid.NewGuid(), desired, cancellationToken);
            ids.Write(Guid.Parse(created.Id));
            return created;
        }

        return await UpdateAsync(id.Value, desired, cancellationToken);
    }

    private async Task<Node> CreateOrAdoptAsync(Guid id, Node desired, CancellationToken cancellationToken)
    {
        var node = desired.Clone();
        node.Id = id.ToString("D");
        try
        {
            var created = await Nodes.CreateNodeAsync(new CreateNodeRequest { Node = node }, Call(cancellationToken));
            LogCreated(logger, created.Id, created.Name, created.Ip);
            return created;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            var existing = await FindExistingAsync(desired, cancellationToken)
                ?? throw new AgentRegistrationException($"CreateNode said ALREADY_EXISTS ({ex.Status.Detail}) but no node has name '{desired.Name}', ip '{desired.Ip}' or mac '{desired.Mac}'");
            ids.Write(Guid.Parse(existing.Id));
            LogAdopted(logger, existing.Id, existing.Name);
            return await UpdateAsync(Guid.Parse(existing.Id), desired, cancellationToken);
        }
    }

    /// <summary>The node pre-imported for this host: by name, else by ip, else by mac.</summary>
    private async Task<Node?> FindExistingAsync(Node desired, CancellationToken cancellationToken)
    {
        ListNodesRequest[] queries =
        [
            new() { Name = desired.Name, PageSize = 1 },
            new() { Ip = desired.Ip, PageSize = 1 },
            .. desired.Mac.Length > 0 ? [new ListNodesRequest { Mac = desired.Mac, PageSize = 1 }] : Array.Empty<ListNodesRequest>(),
        ];
        foreach (var query in queries)
        {
            var page = await Nodes.ListNodesAsync(query, Call(cancellationToken));
            if (page.Nodes.Count > 0)
            {
                return page.Nodes[0];
            }
        }

        return null;
    }

    private async Task<Node> UpdateAsync(Guid id, Node desired, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Node current;
            try
            {
                current = await Nodes.GetNodeAsync(new GetNodeRequest { Id = id.ToString("D") }, Call(cancellationToken));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                LogRecreating(logger, id);
                return await CreateOrAdoptAsync(id, desired, cancellationToken);
            }

            current.Health = null;
            var updated = current.Clone();
            if (!NodeSpecBuilder.Apply(updated, desired))
            {
                LogUnchanged(logger, current.Id, current.Version);
                return current;
            }

            try
            {
                var written = await Nodes.UpdateNodeAsync(new UpdateNodeRequest { Node = updated }, Call(cancellationToken));
                LogUpdated(logger, written.Id, written.Version);
                return written;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Aborted && attempt < MaxUpdateAttempts)
            {
                LogVersionConflict(logger, current.Id, current.Version, attempt);
            }
        }
    }

    private NodeService.NodeServiceClient Nodes => endpoints.Current.Nodes;

    // Unary calls need no dispose: Grpc.Net.Client releases a unary call once its response or status is read.
    private CallOptions Call(CancellationToken cancellationToken) =>
        new(deadline: time.GetUtcNow().UtcDateTime + options.CallTimeout, cancellationToken: cancellationToken);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Registered node {NodeId} ({Name}, {Ip})")]
    private static partial void LogCreated(ILogger logger, string nodeId, string name, string ip);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Adopted the existing node {NodeId} ({Name})")]
    private static partial void LogAdopted(ILogger logger, string nodeId, string name);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Node {NodeId} is up to date (version {Version})")]
    private static partial void LogUnchanged(ILogger logger, string nodeId, long version);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Updated node {NodeId} with this host's facts (version {Version})")]
    private static partial void LogUpdated(ILogger logger, string nodeId, long version);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Node {NodeId} changed since version {Version} was read (attempt {Attempt}); re-reading")]
    private static partial void LogVersionConflict(ILogger logger, string nodeId, long version, int attempt);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Node {NodeId} is not on the server (deleted?); registering it again")]
    private static partial void LogRecreating(ILogger logger, Guid nodeId);
}
