using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc;

/// <summary>Per-call state handed to a handler: method, deadline, cancellation, headers and trailers.</summary>
public sealed partial class ServerCallContext
{
    private readonly GrpcServerServices _services;
    private Metadata? _responseTrailers;
    private string? _peer;
    private bool _requestStreamEnded;

    internal ServerCallContext(HttpContext httpContext, string method, GrpcServerServices services)
    {
        HttpContext = httpContext;
        Method = method;
        _services = services;
        CancellationToken = httpContext.RequestAborted;
    }

    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    /// <summary>The <c>:authority</c> of the request.</summary>
    public string Host => HttpContext.Request.Host.Value ?? string.Empty;

    /// <summary>The client's address, e.g. <c>ipv4:127.0.0.1:50051</c> or <c>ipv6:[::1]:50051</c>.</summary>
    public string Peer => _peer ??= FormatPeer(HttpContext.Connection);

    /// <summary>When the call must end (UTC), from <c>grpc-timeout</c>; <see cref="DateTime.MaxValue"/> when none.</summary>
    public DateTime Deadline { get; private set; } = DateTime.MaxValue;

    /// <summary>Canceled when the client aborts (RST_STREAM, disconnect) or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>The request headers, including custom metadata.</summary>
    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;

    /// <summary>Trailers sent with the status. Add to them before the handler returns.</summary>
    public Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    /// <summary>The status sent when the handler returns normally (default OK).</summary>
    public Status Status { get; set; } = Status.DefaultSuccess;

    /// <summary>The ASP.NET Core context of the call.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>True once <see cref="EndRequestStream"/> was called.</summary>
    public bool RequestStreamEnded => Volatile.Read(ref _requestStreamEnded);

    /// <summary>
    /// Ends the request stream from the server's side, from any thread: a read waiting for the next message, or
    /// any later one, reports the end of the stream (no exception), and the call ends with <paramref name="status"/>
    /// when the handler then returns. For a shutdown: 100,000 open streams end without throwing 100,000 exceptions.
    /// Call it only while the call runs (e.g. from a registration the handler disposes before it returns).
    /// </summary>
    public void EndRequestStream(Status status)
    {
        Status = status;
        Volatile.Write(ref _requestStreamEnded, true);
        HttpContext.Request.BodyReader.CancelPendingRead();
    }

    /// <summary>Sends response headers now (before any message). At most once, before the first write.</summary>
    public Task WriteResponseHeadersAsync(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var response = HttpContext.Response;
        if (response.HasStarted || _bodyStarted)
        {
            throw new InvalidOperationException("Response headers can only be written once, before the first message.");
        }

        foreach (var (key, value) in headers)
        {
            response.Headers.Append(key, value);
        }

        _bodyStarted = true;
        return response.StartAsync(CancellationToken);
    }

    internal MessageReadOptions ReadOptions { get; private set; }

    internal int? MaxSendMessageSize => _services.Options.MaxSendMessageSize;

    internal bool CompressResponses { get; private set; }

    private static string FormatPeer(ConnectionInfo connection)
    {
        var address = connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"ipv6:[{address}]:{connection.RemotePort}"
            : $"ipv4:{address}:{connection.RemotePort}";
    }
}
