using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Core.Labels;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;
using NodeManager.Core.Storage;
using NodeManager.Server.Api;
using NodeManager.Server.Cluster;
using NodeManager.Server.Health;
using NodeManager.Server.Lifecycle;
using CoreNode = NodeManager.Core.Nodes.Node;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;
using LifecycleState = NodeManager.Core.Nodes.LifecycleState;
using Node = NodeManager.Contracts.V1.Node;

namespace NodeManager.Server.Nodes;

/// <summary>
/// <c>nodemanager.v1.NodeService</c>: one implementation behind both encodings (REST and gRPC).
/// Validates, calls the node's grain (reads and writes by UUID) or the store (lists, imports), and
/// turns outcomes into domain errors.
/// </summary>
public sealed partial class NodeServiceImpl(
    INodeStore store, NodeGrains grains, IChangeFeed feed, TimeProvider time, HealthRegistry health, LifecycleServiceImpl lifecycle, IReservationStore reservations, CallerIdentity caller)
{
    public const int MaxBatchGet = 1000;

    public async Task<Node> CreateNode(CreateNodeRequest request, CancellationToken cancellationToken)
    {
        var node = request.Node ?? throw NodeManagerException.Invalid("node", "is required");
        var violations = new List<FieldViolation>();
        var id = Guid.Empty;
        if (node.Id.Length > 0 && !NodeId.TryParse(node.Id, out id))
        {
            violations.Add(new("id", NodeId.Rule));
        }

        var spec = NodeSpecValidator.Validate(NodeMapper.ToRawSpec(node), violations);
        if (spec is null || violations.Count > 0)
        {
            throw NodeManagerException.Invalid(violations);
        }

        var now = Now();
        if (id == Guid.Empty)
        {
            id = Guid.CreateVersion7(now);
        }

        var result = await grains.CreateAsync(new CoreNode(id, spec, LifecycleState.Registered, 1, now, now), caller.Actor);
        return Written(await lifecycle.AutoCommissionAsync(Check(result, id), cancellationToken));
    }

    public async Task<Node> GetNode(GetNodeRequest request, CancellationToken cancellationToken)
    {
        var id = ParseId(request.Id, "id");
        var snapshot = await grains.GetAsync(id) ?? throw NodeManagerException.NotFound(request.Id);
        return WithReserved(WithHealth(snapshot.Node), snapshot.Reserved);
    }

    public async Task<Node> UpdateNode(UpdateNodeRequest request, CancellationToken cancellationToken)
    {
        var node = request.Node ?? throw NodeManagerException.Invalid("node", "is required");
        var id = ParseId(node.Id, "node.id");
        var violations = new List<FieldViolation>();
        var spec = NodeSpecValidator.Validate(NodeMapper.ToRawSpec(node), violations) ?? throw NodeManagerException.Invalid(violations);
        if (node.Version < 0)
        {
            throw NodeManagerException.Invalid("node.version", "must not be negative");
        }

        var result = await grains.UpdateAsync(id, spec, node.Version, Now(), caller.Actor);
        return Written(Check(result, id));
    }

    public async Task<DeleteNodeResponse> DeleteNode(DeleteNodeRequest request, CancellationToken cancellationToken)
    {
        var id = ParseId(request.Id, "id");
        if (request.Version < 0)
        {
            throw NodeManagerException.Invalid("version", "must not be negative");
        }

        Check(await grains.DeleteAsync(id, request.Version, caller.Actor), id);
        health.OnNodeDeleted(id);
        return new DeleteNodeResponse { Id = id.ToString("D") };
    }

    public async Task<BatchGetNodesResponse> BatchGetNodes(BatchGetNodesRequest request, CancellationToken cancellationToken)
    {
        if (request.Ids.Count > MaxBatchGet)
        {
            throw NodeManagerException.Invalid("ids", $"at most {MaxBatchGet} ids per call");
        }

        var ids = request.Ids.Select((text, i) => ParseId(text, $"ids[{i}]")).ToList();
        var found = await grains.GetManyAsync(ids, cancellationToken);
        var response = new BatchGetNodesResponse();
        foreach (var id in ids.Distinct())
        {
            if (found.TryGetValue(id, out var snapshot))
            {
                response.Nodes.Add(WithReserved(WithHealth(snapshot.Node), snapshot.Reserved));
            }
            else
            {
                response.MissingIds.Add(id.ToString("D"));
            }
        }

        return response;
    }

    public async Task<ListNodesResponse> ListNodes(ListNodesRequest request, CancellationToken cancellationToken)
    {
        var pageSize = Paging.Resolve(request.PageSize);
        if (!LabelSelector.TryParse(request.LabelSelector, out var selector, out var selectorError))
        {
            throw NodeManagerException.Invalid("label_selector", selectorError!);
        }

        var query = new NodeQuery(PageToken.Decode(request.PageToken), 0)
        {
            Name = Canonical(request.Name, "name", s => s.Trim().ToLowerInvariant()),
            Ip = Canonical(request.Ip, "ip", s => NetworkText.TryCanonicalIp(s.Trim(), out var c) ? c : null),
            Mac = Canonical(request.Mac, "mac", s => NetworkText.TryCanonicalMac(s.Trim(), out var c) ? c : null),
            LifecycleState = request.LifecycleState == Contracts.V1.LifecycleState.Unspecified ? null : (Core.Nodes.LifecycleState)(int)request.LifecycleState,
        };

        var revision = (await feed.GetRevisionRangeAsync(cancellationToken)).Head;
        if (request.Search.Length > 253)
        {
            throw NodeManagerException.Invalid("search", "at most 253 characters");
        }

        if (request.HealthStatus != Contracts.V1.HealthStatus.Unspecified || request.Zone.Length > 0 || request.Rack.Length > 0 || request.Search.Length > 0)
        {
            var filter = new RegistryFilter(
                request.HealthStatus == Contracts.V1.HealthStatus.Unspecified ? null : (Core.Health.HealthStatus)(int)request.HealthStatus,
                request.Zone.Length > 0 ? request.Zone : null,
                request.Rack.Length > 0 ? request.Rack : null,
                request.Search.Trim() is { Length: > 0 } search ? search : null);
            return await ListFromRegistryAsync(query, selector, filter, pageSize, revision, cancellationToken);
        }

        var page = new List<CoreNode>(pageSize + 1);
        while (page.Count <= pageSize)
        {
            // Without a selector the store pages exactly; with one, scan id-ordered batches and filter.
            var limit = selector.IsEmpty ? pageSize + 1 - page.Count : 500;
            var batch = await store.ListAsync(query with { Limit = limit }, cancellationToken);
            page.AddRange(selector.IsEmpty ? batch : batch.Where(n => selector.Matches(n.Spec.Labels)));
            if (batch.Count < limit)
            {
                break;
            }

            query = query with { After = batch[^1].Id };
        }

        var response = new ListNodesResponse { Revision = revision };
        response.Nodes.AddRange(await WithReservedAsync(page.Take(pageSize).Select(WithHealth).ToList(), cancellationToken));
        if (page.Count > pageSize)
        {
            response.NextPageToken = PageToken.Encode(page[pageSize - 1].Id);
        }

        return response;
    }

    /// <summary>
    /// A list filtered by health status, location or search text: the candidates come from the health registry (every
    /// node's spec, lifecycle state and status in memory), so a rare match among 100,000 nodes costs one pass over memory
    /// and one read of the page's rows, not a scan of the table. The other filters apply to the registry's copy of the spec.
    /// </summary>
    private async Task<ListNodesResponse> ListFromRegistryAsync(NodeQuery query, LabelSelector selector, RegistryFilter filter, int pageSize, long revision, CancellationToken cancellationToken)
    {
        // Guid order is the order of the canonical text (the store's id order): fields compared unsigned, in text order.
        var after = query.After;
        var smallest = new PriorityQueue<Guid, Guid>(pageSize + 2, Comparer<Guid>.Create((a, b) => b.CompareTo(a))); // largest on top
        foreach (var entry in health.Entries)
        {
            if ((filter.Status is { } status && entry.Status != status) || entry.Removed)
            {
                continue;
            }

            if ((after is { } last && entry.NodeId.CompareTo(last) <= 0)
                || (smallest.Count > pageSize && entry.NodeId.CompareTo(smallest.Peek()) >= 0))
            {
                continue;
            }

            NodeSpec spec;
            Core.Nodes.LifecycleState lifecycleState;
            lock (entry.Gate)
            {
                spec = entry.Spec;
                lifecycleState = entry.Lifecycle;
            }

            if ((query.LifecycleState is { } wanted && lifecycleState != wanted)
                || (query.Name is { } name && spec.Name != name)
                || (query.Ip is { } ip && spec.Ip != ip)
                || (query.Mac is { } mac && spec.Mac != mac)
                || (filter.Zone is { } zone && spec.Location.Zone != zone)
                || (filter.Rack is { } rack && spec.Location.Rack != rack)
                || (filter.Search is { } text && !Contains(spec.Name, text) && !Contains(spec.Ip, text) && !Contains(spec.Mac, text))
                || !selector.Matches(spec.Labels))
            {
                continue;
            }

            // Keep the pageSize + 1 smallest ids: one more than the page says whether another page follows.
            smallest.Enqueue(entry.NodeId, entry.NodeId);
            if (smallest.Count > pageSize + 1)
            {
                smallest.Dequeue();
            }
        }

        var chosen = new List<Guid>(smallest.Count);
        while (smallest.TryDequeue(out var id, out _))
        {
            chosen.Add(id);
        }

        chosen.Reverse();
        var rows = (await store.GetManyAsync(chosen.Take(pageSize).ToList(), cancellationToken)).OrderBy(n => n.Id).ToList();
        var response = new ListNodesResponse { Revision = revision };
        response.Nodes.AddRange(await WithReservedAsync(rows.Select(WithHealth).ToList(), cancellationToken));
        if (chosen.Count > pageSize)
        {
            response.NextPageToken = PageToken.Encode(chosen[pageSize - 1]);
        }

        return response;
    }

    private static bool Contains(string value, string text) => value.Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>The filters ListNodes answers from the health registry rather than the store (null = any).</summary>
    private sealed record RegistryFilter(Core.Health.HealthStatus? Status, string? Zone, string? Rack, string? Search);

    private Node Written(CoreNode node)
    {
        health.OnNodeWritten(node);
        return WithHealth(node);
    }

    /// <summary>The wire node with its current health (as this instance knows it).</summary>
    private Node WithHealth(CoreNode node)
    {
        var proto = NodeMapper.ToProto(node);
        if (health.Find(node.Id) is { } entry)
        {
            lock (entry.Gate)
            {
                proto.Health = HealthMapper.ToProto(entry.Snapshot());
            }
        }

        return proto;
    }

    /// <summary>Sets <c>reserved</c> on the nodes that hold reservations: one query for all of them.</summary>
    private async Task<IReadOnlyList<Node>> WithReservedAsync(IReadOnlyList<Node> nodes, CancellationToken cancellationToken)
    {
        if (nodes.Count == 0)
        {
            return nodes;
        }

        var held = await reservations.GetReservedAsync(nodes.Select(n => Guid.Parse(n.Id)).ToList(), cancellationToken);
        foreach (var node in nodes)
        {
            if (held.TryGetValue(Guid.Parse(node.Id), out var amounts))
            {
                WithReserved(node, amounts);
            }
        }

        return nodes;
    }

    /// <summary>Sets <c>reserved</c> when the node holds any reservation (left unset otherwise, as before).</summary>
    private static Node WithReserved(Node node, ResourceAmounts amounts)
    {
        if (amounts != ResourceAmounts.Zero)
        {
            node.Reserved = new ReservedResources { CpuMilliCores = amounts.CpuMilliCores, MemoryBytes = amounts.MemoryBytes, StorageBytes = amounts.StorageBytes };
        }

        return node;
    }

    private static string? Canonical(string text, string field, Func<string, string?> canonicalize)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return canonicalize(text) ?? throw NodeManagerException.Invalid(field, $"'{text}' is not a valid {field}");
    }

    public static Guid ParseId(string text, string field)
    {
        if (text.Length == 0)
        {
            throw NodeManagerException.Invalid(field, "is required");
        }

        return NodeId.TryParse(text, out var id) ? id : throw NodeManagerException.Invalid(field, NodeId.Rule);
    }

    private DateTimeOffset Now() => ServerClock.Now(time);

    private static CoreNode Check(WriteResult result, Guid id) => result.Outcome switch
    {
        WriteOutcome.Ok => result.Node!,
        WriteOutcome.NotFound => throw NodeManagerException.NotFound(id.ToString("D")),
        WriteOutcome.VersionMismatch => throw new NodeManagerException(ErrorCode.Aborted,
            $"node {id:D} is at version {result.CurrentVersion}, not the version given; read it again and retry", currentVersion: result.CurrentVersion),
        WriteOutcome.Conflict => throw Conflict(result.Conflict!),
        _ => throw new InvalidOperationException($"unexpected outcome {result.Outcome}"),
    };

    private static NodeManagerException Conflict(NodeConflict conflict)
    {
        var holder = conflict.OtherNodeId == Guid.Empty ? "another node" : $"node {conflict.OtherNodeId:D}";
        var message = conflict.Field == "id"
            ? $"a node with id {conflict.Value} already exists"
            : $"{conflict.Field} '{conflict.Value}' is already used by {holder}";
        return new NodeManagerException(ErrorCode.AlreadyExists, message, [new FieldViolation(conflict.Field, message)],
            conflictingNodeId: conflict.OtherNodeId == Guid.Empty ? null : conflict.OtherNodeId.ToString("D"));
    }
}
