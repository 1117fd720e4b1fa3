using NodeManager.Cli.Hosting;
using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Commands;

/// <summary>A node named on the command line by its id (UUID) or its name.</summary>
public static class NodeRefs
{
    public const string ArgumentDescription = "The node: its id (UUID) or its name";

    /// <summary>The node's id: a UUID as given (lower-cased), or the id of the node with that name.</summary>
    public static async Task<string> ResolveAsync(NmctlContext context, string reference, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(reference, out var id))
        {
            return id.ToString("D");
        }

        var page = await context.Server.Nodes.ListNodesAsync(new ListNodesRequest { Name = reference, PageSize = 1 }, context.Server.Unary(cancellationToken));
        return page.Nodes.Count > 0 ? page.Nodes[0].Id : throw NotFound(reference);
    }

    public static CliException NotFound(string reference) => CliException.NotFound($"node {reference} not found (no node has this id or name)");
}
