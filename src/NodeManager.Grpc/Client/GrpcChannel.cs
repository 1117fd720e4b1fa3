using System.Collections.Concurrent;
using Google.Protobuf;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc;

/// <summary>
/// A client for one gRPC server address over HTTP/2 (h2c for <c>http://</c>, TLS for <c>https://</c>).
/// Thread-safe; share one channel for many concurrent calls, which multiplex over its connections.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        var handler = options.HttpHandler ?? CreateHandler(options);
        Invoker = new HttpMessageInvoker(handler, options.HttpHandler is null || options.DisposeHttpHandler);
    }

    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' must use http:// (h2c) or https://.", nameof(address));
        }

        options ??= new GrpcChannelOptions();
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(GrpcChannelOptions)}: {string.Join(" ", failures)}", nameof(options));
        }

        return new GrpcChannel(address, options);
    }

    /// <summary>Calls a unary method; throws <see cref="RpcException"/> on a non-OK status.</summary>
    public Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new GrpcCall<TRequest, TResponse>(this, method, options, ownedByCaller: false);
        if (!TryCreateUnaryContent(request, out var content, out var error))
        {
            return Task.FromException<TResponse>(error);
        }

        call.Start(content);
        return call.ReadSingleResponseAsync();
    }

    /// <summary>Starts a server-streaming call.</summary>
    public AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        if (!TryCreateUnaryContent(request, out var content, out var error))
        {
            throw error;
        }

        call.Start(content);
        return new AsyncServerStreamingCall<TResponse>(new ClientResponseStream<TRequest, TResponse>(call), call);
    }

    /// <summary>Starts a client-streaming call.</summary>
    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        var content = new StreamingRequestContent();
        call.Start(content);
        return new AsyncClientStreamingCall<TRequest, TResponse>(new ClientRequestStream<TRequest, TResponse>(call, content, this), call.ReadSingleResponseAsync(), call);
    }

    /// <summary>Starts a bidirectional-streaming call.</summary>
    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new GrpcCall<TRequest, TResponse>(this, method, options);
        var content = new StreamingRequestContent();
        call.Start(content);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            new ClientRequestStream<TRequest, TResponse>(call, content, this),
            new ClientResponseStream<TRequest, TResponse>(call),
            call);
    }

    public void Dispose() => Invoker.Dispose();

    internal Uri GetUri(string fullName) => _uris.GetOrAdd(fullName, static (name, address) => new Uri(address, name), Address);

    /// <summary>Serializes one request frame into a pooled buffer (RESOURCE_EXHAUSTED over the send limit).</summary>
    internal PooledBufferWriter SerializeFrame<TRequest>(TRequest message)
        where TRequest : class, IMessage<TRequest>
    {
        var frame = new PooledBufferWriter(GrpcFrame.HeaderSize + message.CalculateSize());
        try
        {
            GrpcMessageWriter.WriteMessage(frame, message, Options.MaxSendMessageSize, Options.CompressRequests);
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>Appends one request frame to <paramref name="output"/> (RESOURCE_EXHAUSTED over the send limit, before anything is written).</summary>
    internal void WriteFrame<TRequest>(PooledBufferWriter output, TRequest message)
        where TRequest : class, IMessage<TRequest> =>
        GrpcMessageWriter.WriteMessage(output, message, Options.MaxSendMessageSize, Options.CompressRequests);

    private bool TryCreateUnaryContent<TRequest>(TRequest request, out HttpContent content, out RpcException error)
        where TRequest : class, IMessage<TRequest>
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            content = new UnaryRequestContent(SerializeFrame(request));
            error = null!;
            return true;
        }
        catch (RpcException ex)
        {
            content = null!;
            error = ex;
            return false;
        }
    }

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options) => new()
    {
        EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
        KeepAlivePingDelay = options.KeepAlivePingDelay,
        KeepAlivePingTimeout = options.KeepAlivePingTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = false,
    };
}
