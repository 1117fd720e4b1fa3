using Grpc.Reflection.V1;
using NodeManager.Contracts.V1;
using GrpcHealth = Grpc.Health.V1.Health;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>The paths of the NodeManager methods under test, one of each call type plus the two stock services.</summary>
internal static class GrpcMethods
{
    public static readonly string GetNode = $"{NodeService.Descriptor.FullName}/GetNode";

    public static readonly string CreateNode = $"{NodeService.Descriptor.FullName}/CreateNode";

    /// <summary>Server streaming, endless while the client waits: every raw call to it carries a short <c>grpc-timeout</c>.</summary>
    public static readonly string WatchNodes = $"{NodeService.Descriptor.FullName}/WatchNodes";

    /// <summary>Duplex.</summary>
    public static readonly string StreamHeartbeats = $"{HealthService.Descriptor.FullName}/StreamHeartbeats";

    /// <summary>Duplex (stock).</summary>
    public static readonly string ServerReflectionInfo = $"{ServerReflection.Descriptor.FullName}/ServerReflectionInfo";

    /// <summary>Unary (stock).</summary>
    public static readonly string HealthCheck = $"{GrpcHealth.Descriptor.FullName}/Check";

    public static readonly string UnknownService = "no.such.Service/Method";

    public static readonly string UnknownMethod = $"{NodeService.Descriptor.FullName}/NoSuchMethod";

    public static readonly string[] All = [GetNode, CreateNode, WatchNodes, StreamHeartbeats, ServerReflectionInfo, HealthCheck, UnknownService, UnknownMethod];

    /// <summary>The deadline given to raw WatchNodes calls, so they end with DEADLINE_EXCEEDED instead of streaming on.</summary>
    public const string WatchTimeout = "200m";

    public static string? TimeoutFor(string path) => path == WatchNodes ? WatchTimeout : null;
}
