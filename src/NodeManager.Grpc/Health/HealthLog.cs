using Grpc.Health.V1;
using Microsoft.Extensions.Logging;

namespace NodeManager.Grpc;

internal static partial class HealthLog
{
    [LoggerMessage(20, LogLevel.Warning, "Health probe for service '{Service}' failed; reporting NOT_SERVING.")]
    public static partial void ProbeFailed(ILogger logger, string service, Exception exception);

    [LoggerMessage(21, LogLevel.Warning, "Health probe for service '{Service}' timed out; reporting NOT_SERVING.")]
    public static partial void ProbeTimedOut(ILogger logger, string service);

    [LoggerMessage(22, LogLevel.Information, "Health of service '{Service}' changed to {Status}.")]
    public static partial void StatusChanged(ILogger logger, string service, HealthCheckResponse.Types.ServingStatus status);
}
