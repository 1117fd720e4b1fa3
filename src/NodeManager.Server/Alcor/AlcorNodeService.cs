using System.Text.Json;
using System.Text.Json.Nodes;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using FieldViolation = NodeManager.Core.Errors.FieldViolation;
using NodeManager.Core.Import;
using NodeManager.Core.Nodes;
using Node = NodeManager.Contracts.V1.Node;
using NodeManager.Server.Api;
using NodeManager.Server.Import;
using NodeManager.Server.Nodes;

namespace NodeManager.Server.Alcor;

/// <summary>
/// Alcor's node manager (<c>/nodes</c>) over <see cref="NodeServiceImpl"/>: the same validation,
/// store and change feed as NodeManager's own API, with Alcor's JSON and field names. Alcor ids
/// that are not UUIDs are mapped the way the import maps them (UUIDv5 + label alcor-node-id).
/// </summary>
public sealed partial class AlcorNodeService(NodeServiceImpl nodes)
{
    public async Task<JsonObject> Create(string body, CancellationToken cancellationToken)
    {
        var row = DecodeHostInfo(body);
        var node = AlcorHostInfoJson.Apply(row, new Node { Id = row.IdText });
        var created = await Alcorized(() => nodes.CreateNode(new CreateNodeRequest { Node = node }, cancellationToken));
        return Wrap(created);
    }

    public async Task<JsonObject> Get(string alcorId, CancellationToken cancellationToken) =>
        Wrap(await Read(alcorId, cancellationToken));

    /// <summary>Replaces the fields Alcor models; location, capacity, labels and devices set elsewhere are kept.</summary>
    public async Task<JsonObject> Update(string alcorId, string body, CancellationToken cancellationToken)
    {
        var row = DecodeHostInfo(body);
        var current = await Read(alcorId, cancellationToken);
        if (row.IdText.Length > 0 && ResolveId(row.IdText) != Guid.Parse(current.Id))
        {
            throw NodeManagerException.Invalid("node_id", $"the body's node_id names another node than the path ({alcorId})");
        }

        var node = AlcorHostInfoJson.Apply(row, current.Clone());
        var updated = await Alcorized(() => nodes.UpdateNode(new UpdateNodeRequest { Node = node }, cancellationToken));
        return Wrap(updated);
    }

    public async Task<JsonObject> Delete(string alcorId, CancellationToken cancellationToken)
    {
        var node = await Read(alcorId, cancellationToken);
        await nodes.DeleteNode(new DeleteNodeRequest { Id = node.Id }, cancellationToken);
        return new JsonObject { ["node_id"] = AlcorHostInfoJson.AlcorId(node) };
    }

    /// <summary>The node an Alcor id names: a UUID as is, any other text by its name-based UUID.</summary>
    public static Guid ResolveId(string alcorId)
    {
        if (string.IsNullOrWhiteSpace(alcorId))
        {
            throw NodeManagerException.Invalid("node_id", "is required");
        }

        return NodeId.TryParse(alcorId, out var id) ? id : Core.Import.AlcorIds.NameBased(alcorId);
    }

    private async Task<Node> Read(string alcorId, CancellationToken cancellationToken)
    {
        var id = ResolveId(alcorId);
        try
        {
            return await nodes.GetNode(new GetNodeRequest { Id = id.ToString("D") }, cancellationToken);
        }
        catch (NodeManagerException ex) when (ex.Code == ErrorCode.NotFound)
        {
            throw new NodeManagerException(ErrorCode.NotFound, $"node {alcorId} not found", [new FieldViolation("node_id", $"no node has id {alcorId}")]);
        }
    }

    private static JsonObject Wrap(Node node) => new() { ["host_info"] = AlcorHostInfoJson.ToJson(node) };

    /// <summary>Runs a NodeService call and reports its errors with Alcor's field names.</summary>
    private static async Task<T> Alcorized<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (NodeManagerException ex)
        {
            throw FieldRenaming.Rename(ex, AlcorFieldNames.Rename);
        }
    }

    private static ImportRow DecodeHostInfo(string body)
    {
        var root = ParseJson(body);
        if (root is not JsonObject obj || !obj.ContainsKey("host_info"))
        {
            throw NodeManagerException.Invalid("host_info", "is required: send {\"host_info\": {\"node_id\": ..., \"node_name\": ..., \"local_ip\": ...}}");
        }

        var row = AlcorHostInfo.Decode(obj["host_info"], 1);
        if (row.DecodeViolations.Count > 0)
        {
            throw NodeManagerException.Invalid(row.DecodeViolations);
        }

        return row;
    }

    private static JsonNode? ParseJson(string body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw NodeManagerException.Invalid("body", $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}");
        }
    }
}
