using NodeManager.Core.Lifecycle;
using NodeManager.Core.Nodes;
using NodeManager.Core.Reservations;

namespace NodeManager.Abstractions.Serialization;

// Wire forms of the lifecycle and reservation records a NodeGrain takes and returns (see NodeSurrogates).

[GenerateSerializer, Alias("nm.LifecycleChange")]
public struct LifecycleChangeSurrogate
{
    [Id(0)] public Guid NodeId;
    [Id(1)] public int Target;
    [Id(2)] public string Reason;
    [Id(3)] public string Actor;
    [Id(4)] public long ExpectedVersion;
    [Id(5)] public DateTimeOffset Now;
    [Id(6)] public bool Force;
    [Id(7)] public string OperationId;
}

[RegisterConverter]
public sealed class LifecycleChangeSurrogateConverter : IConverter<LifecycleChange, LifecycleChangeSurrogate>
{
    public LifecycleChange ConvertFromSurrogate(in LifecycleChangeSurrogate s) =>
        new(s.NodeId, (LifecycleState)s.Target, s.Reason, s.Actor, s.ExpectedVersion, s.Now) { Force = s.Force, OperationId = s.OperationId };

    public LifecycleChangeSurrogate ConvertToSurrogate(in LifecycleChange v) => new()
    {
        NodeId = v.NodeId, Target = (int)v.Target, Reason = v.Reason, Actor = v.Actor,
        ExpectedVersion = v.ExpectedVersion, Now = v.Now, Force = v.Force, OperationId = v.OperationId,
    };
}

[GenerateSerializer, Alias("nm.LifecycleTransition")]
public struct LifecycleTransitionSurrogate
{
    [Id(0)] public Guid NodeId;
    [Id(1)] public int From;
    [Id(2)] public int To;
    [Id(3)] public string Reason;
    [Id(4)] public string Actor;
    [Id(5)] public DateTimeOffset Time;
    [Id(6)] public string OperationId;
}

[RegisterConverter]
public sealed class LifecycleTransitionSurrogateConverter : IConverter<LifecycleTransition, LifecycleTransitionSurrogate>
{
    public LifecycleTransition ConvertFromSurrogate(in LifecycleTransitionSurrogate s) =>
        new(s.NodeId, (LifecycleState)s.From, (LifecycleState)s.To, s.Reason, s.Actor, s.Time, s.OperationId);

    public LifecycleTransitionSurrogate ConvertToSurrogate(in LifecycleTransition v) => new()
    {
        NodeId = v.NodeId, From = (int)v.From, To = (int)v.To, Reason = v.Reason, Actor = v.Actor, Time = v.Time, OperationId = v.OperationId,
    };
}

[GenerateSerializer, Alias("nm.TransitionResult")]
public struct TransitionResultSurrogate
{
    [Id(0)] public int Outcome;
    [Id(1)] public Node? Node;
    [Id(2)] public LifecycleTransition? Transition;
    [Id(3)] public int Reservations;
}

[RegisterConverter]
public sealed class TransitionResultSurrogateConverter : IConverter<TransitionResult, TransitionResultSurrogate>
{
    public TransitionResult ConvertFromSurrogate(in TransitionResultSurrogate s) =>
        new((TransitionOutcome)s.Outcome) { Node = s.Node, Transition = s.Transition, Reservations = s.Reservations };

    public TransitionResultSurrogate ConvertToSurrogate(in TransitionResult v) =>
        new() { Outcome = (int)v.Outcome, Node = v.Node, Transition = v.Transition, Reservations = v.Reservations };
}

[GenerateSerializer, Alias("nm.ResourceAmounts")]
public struct ResourceAmountsSurrogate
{
    [Id(0)] public long CpuMilliCores;
    [Id(1)] public long MemoryBytes;
    [Id(2)] public long StorageBytes;
}

[RegisterConverter]
public sealed class ResourceAmountsSurrogateConverter : IConverter<ResourceAmounts, ResourceAmountsSurrogate>
{
    public ResourceAmounts ConvertFromSurrogate(in ResourceAmountsSurrogate s) => new(s.CpuMilliCores, s.MemoryBytes, s.StorageBytes);

    public ResourceAmountsSurrogate ConvertToSurrogate(in ResourceAmounts v) =>
        new() { CpuMilliCores = v.CpuMilliCores, MemoryBytes = v.MemoryBytes, StorageBytes = v.StorageBytes };
}

[GenerateSerializer, Alias("nm.Reservation")]
public struct ReservationSurrogate
{
    [Id(0)] public Guid NodeId;
    [Id(1)] public int Kind;
    [Id(2)] public string Name;
    [Id(3)] public ResourceAmounts Request;
    [Id(4)] public ResourceAmounts Limit;
    [Id(5)] public DateTimeOffset CreateTime;
}

[RegisterConverter]
public sealed class ReservationSurrogateConverter : IConverter<Reservation, ReservationSurrogate>
{
    public Reservation ConvertFromSurrogate(in ReservationSurrogate s) =>
        new(s.NodeId, (ReservationKind)s.Kind, s.Name, s.Request, s.Limit, s.CreateTime);

    public ReservationSurrogate ConvertToSurrogate(in Reservation v) => new()
    {
        NodeId = v.NodeId, Kind = (int)v.Kind, Name = v.Name, Request = v.Request, Limit = v.Limit, CreateTime = v.CreateTime,
    };
}

[GenerateSerializer, Alias("nm.ReservationResult")]
public struct ReservationResultSurrogate
{
    [Id(0)] public int Outcome;
    [Id(1)] public Reservation? Reservation;
    [Id(2)] public Node? Node;
    [Id(3)] public ResourceAmounts Reserved;
}

[RegisterConverter]
public sealed class ReservationResultSurrogateConverter : IConverter<ReservationResult, ReservationResultSurrogate>
{
    public ReservationResult ConvertFromSurrogate(in ReservationResultSurrogate s) =>
        new((ReservationOutcome)s.Outcome) { Reservation = s.Reservation, Node = s.Node, Reserved = s.Reserved };

    public ReservationResultSurrogate ConvertToSurrogate(in ReservationResult v) =>
        new() { Outcome = (int)v.Outcome, Reservation = v.Reservation, Node = v.Node, Reserved = v.Reserved };
}
