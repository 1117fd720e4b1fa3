using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NodeManager.Contracts.V1;

namespace NodeManager.Benchmarks;

/// <summary>
/// The floor under gRPC: GetNode's request and response bytes (one framed message each way, <c>grpc-status</c>
/// in trailers) through a bare Kestrel endpoint and a bare <see cref="SocketsHttpHandler"/> client over one HTTP/2
/// connection. What unary GetNode costs above this is Grpc.AspNetCore's, Grpc.Net.Client's and the read's (the store
/// and service lines of <see cref="GrpcBenchmark"/>).
/// </summary>
public static class RawHttp2Floor
{
    public const string Path = "/nodemanager.bench.v1.Raw/Get";

    public static void Map(WebApplication app, Func<IMessage> response) =>
        app.MapPost(Path, async context =>
        {
            var body = context.Request.BodyReader;
            while (true)
            {
                var read = await body.ReadAsync();
                body.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            context.Response.ContentType = "application/grpc";
            await context.Response.BodyWriter.WriteAsync(Frame(response()));
            context.Response.AppendTrailer("grpc-status", "0");
        });

    /// <summary>One uncompressed length-prefixed message.</summary>
    public static byte[] Frame(IMessage message)
    {
        var frame = new byte[5 + message.CalculateSize()];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(frame.Length - 5));
        message.WriteTo(frame.AsSpan(5));
        return frame;
    }

    public static async Task<(long Calls, double Rate)> RunAsync(string address, IMessage request, int concurrency, TimeSpan duration)
    {
        var frame = Frame(request);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { EnableMultipleHttp2Connections = false, UseProxy = false, UseCookies = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan });
        var uri = new Uri(new Uri(address), Path);
        var calls = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var buffer = new byte[4096];
            while (clock.Elapsed < duration)
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(frame) };
                message.Headers.TryAddWithoutValidation("te", "trailers");
                message.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
                using var response = await invoker.SendAsync(message, CancellationToken.None);
                await using var stream = await response.Content.ReadAsStreamAsync();
                while (await stream.ReadAsync(buffer) > 0)
                {
                }

                if (!response.TrailingHeaders.TryGetValues("grpc-status", out var status) || status.First() != "0")
                {
                    throw new InvalidOperationException("no grpc-status 0 in trailers");
                }

                Interlocked.Increment(ref calls);
            }
        }));
        return (calls, calls / clock.Elapsed.TotalSeconds);
    }
}
