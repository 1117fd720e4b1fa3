using Google.Protobuf.WellKnownTypes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using NodeManager.Server.Api;
using NodeManager.Core.Reservations;
using NodeManager.Server.Nodes;
using NodeManager.Server.Reservations;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.N0stack;

/// <summary>
/// n0stack's <c>n0stack.pool.NodeService</c> (nodes by name) over <see cref="NodeServiceImpl"/>:
/// the same validation, store and change feed as NodeManager's own API. Reservations go through
/// <see cref="ReservationServiceImpl"/>; nodes are returned with theirs, read from the store.
/// </summary>
public sealed partial class N0stackNodeService(NodeServiceImpl nodes, ReservationServiceImpl reservations, IReservationStore reservationStore)
{
    public async Task<Pool.ListNodesResponse> ListNodes(CancellationToken cancellationToken)
    {
        var response = new Pool.ListNodesResponse();
        var request = new ListNodesRequest { PageSize = 1000 };
        do
        {
            var page = await nodes.ListNodes(request, cancellationToken);
            var holding = await reservationStore.GetReservedAsync(page.Nodes.Select(n => Guid.Parse(n.Id)).ToList(), cancellationToken);
            foreach (var node in page.Nodes)
            {
                response.Nodes.Add(holding.ContainsKey(Guid.Parse(node.Id)) ? await ToN0stackAsync(node, cancellationToken) : N0stackNodeMapper.ToN0stack(node));
            }

            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return response;
    }

    public async Task<Pool.Node> GetNode(Pool.GetNodeRequest request, CancellationToken cancellationToken) =>
        await ToN0stackAsync(await Require(request.Name, cancellationToken), cancellationToken);

    /// <summary>Create the node named <c>name</c>, or update it; a non-zero <c>version</c> must be the current one.</summary>
    public async Task<Pool.Node> ApplyNode(Pool.ApplyNodeRequest request, CancellationToken cancellationToken)
    {
        var current = await Find(request.Name, cancellationToken);
        var currentVersion = current?.Version ?? 0;
        if (request.Version != 0 && request.Version != (ulong)currentVersion)
        {
            throw new NodeManagerException(ErrorCode.Aborted,
                $"node '{request.Name}' is at version {currentVersion}, not {request.Version}; read it again and retry", currentVersion: currentVersion);
        }

        try
        {
            var node = N0stackNodeMapper.Apply(request, current);
            var written = current is null
                ? await nodes.CreateNode(new CreateNodeRequest { Node = node }, cancellationToken)
                : await nodes.UpdateNode(new UpdateNodeRequest { Node = node }, cancellationToken);
            return await ToN0stackAsync(written, cancellationToken);
        }
        catch (NodeManagerException ex)
        {
            throw FieldRenaming.Rename(ex, N0stackFieldNames.Rename);
        }
    }

    public async Task<Empty> DeleteNode(Pool.DeleteNodeRequest request, CancellationToken cancellationToken)
    {
        var node = await Require(request.Name, cancellationToken);
        await nodes.DeleteNode(new DeleteNodeRequest { Id = node.Id }, cancellationToken);
        return new Empty();
    }

    /// <summary>The node with this name; NOT_FOUND naming it when there is none.</summary>
    public async Task<Node> Require(string name, CancellationToken cancellationToken) =>
        await Find(name, cancellationToken) ?? throw new NodeManagerException(ErrorCode.NotFound, $"node '{name}' not found");

    /// <summary>The node in n0stack's shape with its reservations.</summary>
    private async Task<Pool.Node> ToN0stackAsync(Node node, CancellationToken cancellationToken) =>
        N0stackReservationMapper.WithReservations(N0stackNodeMapper.ToN0stack(node),
            await reservationStore.ListReservationsAsync(Guid.Parse(node.Id), cancellationToken));

    private async Task<Node?> Find(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw NodeManagerException.Invalid("name", "is required");
        }

        var page = await nodes.ListNodes(new ListNodesRequest { Name = name, PageSize = 1 }, cancellationToken);
        return page.Nodes.Count > 0 ? page.Nodes[0] : null;
    }
}
