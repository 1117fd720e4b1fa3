using Google.Protobuf.Reflection;
using NodeManager.Contracts.V1;

namespace NodeManager.Server.Api;

/// <summary>Descriptors of the wire enums, for parsing their names in query strings.</summary>
public static class ProtoEnums
{
    public static readonly EnumDescriptor LifecycleState = NodeReflection.Descriptor.FindTypeByName<EnumDescriptor>("LifecycleState");
    public static readonly EnumDescriptor HealthStatus = HealthReflection.Descriptor.FindTypeByName<EnumDescriptor>("HealthStatus");
    public static readonly EnumDescriptor NodeEventType = NodeServiceReflection.Descriptor.FindTypeByName<EnumDescriptor>("NodeEventType");
    public static readonly EnumDescriptor ImportMode = NodeServiceReflection.Descriptor.FindTypeByName<EnumDescriptor>("ImportMode");
}
