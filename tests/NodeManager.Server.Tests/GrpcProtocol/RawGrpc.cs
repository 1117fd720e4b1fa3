using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// gRPC over plain <see cref="HttpClient"/> with hand-made bodies, for inputs no gRPC client would send.
/// Nothing here comes from a gRPC library: frames are built byte by byte, statuses read from the raw headers.
/// </summary>
internal static class RawGrpc
{
    public const string ContentType = "application/grpc";

    /// <summary>The gRPC message size limit of the server (and of the gRPC defaults).</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    public static HttpClient CreateClient(bool http2 = true) => new(new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = true })
    {
        DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = Timeout.InfiniteTimeSpan, // every await has its own limit
    };

    /// <summary>A length-prefixed message: the flag byte, the big-endian length, the payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, byte flag = 0) => Frame(payload, flag, (uint)payload.Length);

    /// <summary>A frame whose header claims <paramref name="length"/>, whatever the payload's real length.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, byte flag, uint length)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    /// <summary>A gzip-compressed frame (flag 1), to be sent with <c>grpc-encoding: gzip</c>.</summary>
    public static byte[] GzipFrame(ReadOnlySpan<byte> payload) => Frame(Gzip(payload), flag: 1);

    public static byte[] GzipFrame(IMessage message) => GzipFrame(message.ToByteArray());

    public static byte[] Gzip(ReadOnlySpan<byte> payload)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return compressed.ToArray();
    }

    /// <summary>A POST of <paramref name="content"/> to <paramref name="path"/> with gRPC's headers; returns once the response headers arrived.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, Uri address, string path, HttpContent content, RawRequest? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RawRequest();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = options.Http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(options.ContentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (options.Timeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", options.Timeout);
        }

        if (options.Encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", options.Encoding);
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>One whole call: sends <paramref name="body"/>, reads the response to its end and returns how it ended.</summary>
    public static async Task<RawResponse> CallAsync(HttpClient client, Uri address, string path, byte[] body, RawRequest? options = null)
    {
        using var response = await SendAsync(client, address, path, new ByteArrayContent(body), options).WaitAsync(ProtocolServer.CallTimeout);
        return await RawResponse.ReadAsync(response);
    }

    public static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;
}

/// <summary>The headers of a raw request; the defaults are those of a well-formed HTTP/2 gRPC call.</summary>
internal sealed record RawRequest(string ContentType = RawGrpc.ContentType, string? Timeout = null, string? Encoding = null, bool Http2 = true);

/// <summary>How a raw call ended: the HTTP status, the gRPC status (trailers, or headers of a trailers-only response) and the body.</summary>
internal sealed record RawResponse(HttpStatusCode HttpStatus, int? GrpcStatus, string? GrpcMessage, bool TrailersOnly, byte[] Body, string? AcceptEncoding)
{
    /// <summary>Reads the rest of the response; cancelling <paramref name="cancellationToken"/> resets the stream (RST_STREAM).</summary>
    public static async Task<RawResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).WaitAsync(ProtocolServer.CallTimeout, cancellationToken);
        var inTrailers = RawGrpc.Header(response.TrailingHeaders, "grpc-status");
        var inHeaders = RawGrpc.Header(response.Headers, "grpc-status");
        var status = inTrailers ?? inHeaders;
        var message = RawGrpc.Header(response.TrailingHeaders, "grpc-message") ?? RawGrpc.Header(response.Headers, "grpc-message");
        return new RawResponse(
            response.StatusCode,
            int.TryParse(status, out var code) ? code : null,
            message is null ? null : Uri.UnescapeDataString(message),
            inTrailers is null && inHeaders is not null,
            body,
            RawGrpc.Header(response.Headers, "grpc-accept-encoding") ?? RawGrpc.Header(response.TrailingHeaders, "grpc-accept-encoding"));
    }

    public override string ToString() => $"HTTP {(int)HttpStatus} grpc-status {GrpcStatus?.ToString() ?? "none"} '{GrpcMessage}'{(TrailersOnly ? " (trailers-only)" : string.Empty)}, {Body.Length} body bytes";
}

/// <summary>
/// A request body that is written, flushed, and then held open until the request is cancelled: the server sees
/// a stream that has not ended (a client that is still sending, or one about to reset).
/// </summary>
internal sealed class HeldOpenContent(byte[] body) : HttpContent
{
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the body is flushed to the connection.</summary>
    public Task BodySent => _sent.Task;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        _sent.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken); // not a sleep: the body stays open until the request is cancelled
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
