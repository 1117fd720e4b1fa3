using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc.Tests.Infrastructure;

/// <summary>Raw HTTP/2 requests with hand-made bodies, for protocol-level tests.</summary>
internal static class RawGrpc
{
    public static HttpClient CreateClient(bool http2 = true) => new(new SocketsHttpHandler { UseProxy = false })
    {
        DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public static byte[] Frame<T>(T message)
        where T : IMessage<T>
    {
        var writer = new ArrayBufferWriter<byte>();
        GrpcMessageWriter.WriteMessage(writer, message, maxMessageSize: null);
        return writer.WrittenSpan.ToArray();
    }

    public static Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        Uri address,
        string path,
        byte[] body,
        string contentType = "application/grpc",
        string? timeout = null,
        string? encoding = null,
        bool http2 = true,
        CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (timeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        }

        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only response. Read the body first.</summary>
    public static string? Status(HttpResponseMessage response) =>
        response.TrailingHeaders.NonValidated.TryGetValues("grpc-status", out var values) ? values.ToString() : Header(response, "grpc-status");
}
