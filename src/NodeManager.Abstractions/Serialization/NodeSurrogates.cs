using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Abstractions.Serialization;

// Core's records stay free of Orleans (DESIGN §4); these surrogates give them a wire form for calls
// between silos. A node travels in the JSON shape the stores already keep it in (ChangeEventJson),
// so a node read from a grain on another silo is the node the store holds, field for field.
// Local calls do not serialize: grain methods take [Immutable] parameters and return Immutable<T>.

[GenerateSerializer, Alias("nm.Node")]
public struct NodeSurrogate
{
    [Id(0)] public string Json;
}

[RegisterConverter]
public sealed class NodeSurrogateConverter : IConverter<Node, NodeSurrogate>
{
    public Node ConvertFromSurrogate(in NodeSurrogate surrogate) => ChangeEventJson.DeserializeNode(surrogate.Json);

    public NodeSurrogate ConvertToSurrogate(in Node value) => new() { Json = ChangeEventJson.Serialize(value) };
}

[GenerateSerializer, Alias("nm.NodeSpec")]
public struct NodeSpecSurrogate
{
    [Id(0)] public string Json;
}

[RegisterConverter]
public sealed class NodeSpecSurrogateConverter : IConverter<NodeSpec, NodeSpecSurrogate>
{
    public NodeSpec ConvertFromSurrogate(in NodeSpecSurrogate surrogate) => NodeSpecJson.Deserialize(surrogate.Json);

    public NodeSpecSurrogate ConvertToSurrogate(in NodeSpec value) => new() { Json = NodeSpecJson.Serialize(value) };
}

[GenerateSerializer, Alias("nm.NodeConflict")]
public struct NodeConflictSurrogate
{
    [Id(0)] public string Field;
    [Id(1)] public string Value;
    [Id(2)] public Guid OtherNodeId;
}

[RegisterConverter]
public sealed class NodeConflictSurrogateConverter : IConverter<NodeConflict, NodeConflictSurrogate>
{
    public NodeConflict ConvertFromSurrogate(in NodeConflictSurrogate s) => new(s.Field, s.Value, s.OtherNodeId);

    public NodeConflictSurrogate ConvertToSurrogate(in NodeConflict value) =>
        new() { Field = value.Field, Value = value.Value, OtherNodeId = value.OtherNodeId };
}

[GenerateSerializer, Alias("nm.WriteResult")]
public struct WriteResultSurrogate
{
    [Id(0)] public int Outcome;
    [Id(1)] public Node? Node;
    [Id(2)] public NodeConflict? Conflict;
    [Id(3)] public long CurrentVersion;
}

[RegisterConverter]
public sealed class WriteResultSurrogateConverter : IConverter<WriteResult, WriteResultSurrogate>
{
    public WriteResult ConvertFromSurrogate(in WriteResultSurrogate s) =>
        new((WriteOutcome)s.Outcome) { Node = s.Node, Conflict = s.Conflict, CurrentVersion = s.CurrentVersion };

    public WriteResultSurrogate ConvertToSurrogate(in WriteResult value) =>
        new() { Outcome = (int)value.Outcome, Node = value.Node, Conflict = value.Conflict, CurrentVersion = value.CurrentVersion };
}
