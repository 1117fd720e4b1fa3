using NodeManager.Core.Health;
using NodeManager.Core.Storage;

namespace NodeManager.Abstractions.Serialization;

// Wire forms of the health records a NodeGrain takes and returns (see NodeSurrogates): a state travels
// in the JSON shape of its change event, a condition field by field.

[GenerateSerializer, Alias("nm.NodeHealthState")]
public struct NodeHealthStateSurrogate
{
    [Id(0)] public string Json;
}

[RegisterConverter]
public sealed class NodeHealthStateSurrogateConverter : IConverter<NodeHealthState, NodeHealthStateSurrogate>
{
    public NodeHealthState ConvertFromSurrogate(in NodeHealthStateSurrogate surrogate) => ChangeEventJson.DeserializeHealth(surrogate.Json);

    public NodeHealthStateSurrogate ConvertToSurrogate(in NodeHealthState value) => new() { Json = ChangeEventJson.Serialize(value) };
}

[GenerateSerializer, Alias("nm.HealthCondition")]
public struct HealthConditionSurrogate
{
    [Id(0)] public string Type;
    [Id(1)] public bool Status;
    [Id(2)] public int Severity;
    [Id(3)] public string Reason;
    [Id(4)] public string Message;
    [Id(5)] public DateTimeOffset LastTransitionTime;
    [Id(6)] public string Source;
}

[RegisterConverter]
public sealed class HealthConditionSurrogateConverter : IConverter<HealthCondition, HealthConditionSurrogate>
{
    public HealthCondition ConvertFromSurrogate(in HealthConditionSurrogate s) =>
        new(s.Type, s.Status, (ConditionSeverity)s.Severity, s.Reason, s.Message, s.LastTransitionTime, s.Source);

    public HealthConditionSurrogate ConvertToSurrogate(in HealthCondition v) => new()
    {
        Type = v.Type, Status = v.Status, Severity = (int)v.Severity, Reason = v.Reason, Message = v.Message,
        LastTransitionTime = v.LastTransitionTime, Source = v.Source,
    };
}
