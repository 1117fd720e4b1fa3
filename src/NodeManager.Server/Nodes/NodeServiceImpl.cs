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
