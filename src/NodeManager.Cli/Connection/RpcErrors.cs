using System.Net.Sockets;
using Grpc.Core;
using NodeManager.Cli.Config;
using NodeManager.Cli.Hosting;

namespace NodeManager.Cli.Connection;

/// <summary>A failed call as one line and an exit code (<see cref="ExitCodes"/>): the one mapping of gRPC statuses.</summary>
public static class RpcErrors
{
    public static CliException ToCliException(RpcException ex, NmctlSettings settings)
    {
        var detail = string.IsNullOrWhiteSpace(ex.Status.Detail) ? ex.StatusCode.ToString() : ex.Status.Detail;
        var conflicting = ex.Trailers.GetValue("conflicting-node-id");
        return ex.StatusCode switch
        {
            StatusCode.Unavailable when Unreachable(ex) is { } reason =>
                new CliException(ExitCodes.Unavailable, $"cannot reach the server at {settings.Server} ({reason}); the address came from {settings.ServerOrigin}"),
            StatusCode.Unavailable => new CliException(ExitCodes.Unavailable, $"the server at {settings.Server} is unavailable: {detail}"),
            StatusCode.DeadlineExceeded =>
                new CliException(ExitCodes.Unavailable, $"no answer from the server at {settings.Server} within {settings.Timeout.TotalSeconds:0.###} s (--timeout)"),
            StatusCode.Cancelled => new CliException(ExitCodes.Unavailable, $"cancelled: {detail}"),
            StatusCode.NotFound => new CliException(ExitCodes.NotFound, detail),
            StatusCode.AlreadyExists or StatusCode.Aborted or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted =>
                new CliException(ExitCodes.Conflict, conflicting is null ? detail : $"{detail} (conflicting node {conflicting})"),
            StatusCode.InvalidArgument or StatusCode.OutOfRange => new CliException(ExitCodes.Invalid, detail),
            StatusCode.Unauthenticated or StatusCode.PermissionDenied =>
                new CliException(ExitCodes.Denied, $"{detail} ({ex.StatusCode}; give a token with --token, NMCTL_TOKEN or the config file)"),
            _ => new CliException(ExitCodes.ServerError, $"server error {ex.StatusCode}: {detail}"),
        };
    }

    /// <summary>Why the connection failed (refused, no such host, ...), or null when the server answered UNAVAILABLE itself.</summary>
    private static string? Unreachable(RpcException ex)
    {
        for (Exception? inner = ex.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData => "no such host",
                    SocketError.TimedOut => "connect timed out",
                    _ => socket.Message,
                };
            }

            if (inner is HttpRequestException { InnerException: null } http)
            {
                return http.Message;
            }

            if (inner is TaskCanceledException or TimeoutException)
            {
                return "connect timed out";
            }
        }

        return ex.Status.DebugException is HttpRequestException or IOException ? ex.Status.DebugException.Message : null;
    }
}
