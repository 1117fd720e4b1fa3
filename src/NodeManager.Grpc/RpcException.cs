namespace NodeManager.Grpc;

/// <summary>A call ended with a non-OK <see cref="Grpc.Status"/>. Thrown by clients; thrown by handlers to choose the status.</summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status)
        : this(status, new Metadata())
    {
    }

    public RpcException(StatusCode statusCode, string detail)
        : this(new Status(statusCode, detail), new Metadata())
    {
    }

    public RpcException(Status status, Metadata trailers)
        : base(status.ToString(), status.DebugException)
    {
        ArgumentNullException.ThrowIfNull(trailers);
        Status = status;
        Trailers = trailers;
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailers sent (server) or received (client) with the status.</summary>
    public Metadata Trailers { get; }
}
