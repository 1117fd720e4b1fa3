using Microsoft.Extensions.Logging;

namespace NodeManager.Grpc;

/// <summary>Source-generated server logs with stable event ids.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Error when executing service method '{Method}'.")]
    public static partial void ErrorExecutingServiceMethod(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Call '{Method}' ended with status code '{StatusCode}' and detail '{Detail}'.")]
    public static partial void RpcStatusRaised(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(3, LogLevel.Debug, "Call '{Method}' exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Debug, "Call '{Method}' was canceled by the client.")]
    public static partial void CanceledByClient(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Debug, "Request protocol '{Protocol}' is not supported for gRPC.")]
    public static partial void UnsupportedProtocol(ILogger logger, string protocol);

    [LoggerMessage(6, LogLevel.Debug, "Request content-type '{ContentType}' is not supported for gRPC.")]
    public static partial void UnsupportedContentType(ILogger logger, string? contentType);

    [LoggerMessage(7, LogLevel.Debug, "Invalid grpc-timeout value '{Timeout}' ignored.")]
    public static partial void InvalidTimeoutIgnored(ILogger logger, string timeout);

    [LoggerMessage(8, LogLevel.Debug, "Unimplemented gRPC path '{Path}'.")]
    public static partial void Unimplemented(ILogger logger, string path);
}
