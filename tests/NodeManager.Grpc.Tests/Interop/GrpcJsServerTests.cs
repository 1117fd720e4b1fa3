using System.Diagnostics;
using Google.Protobuf;
using NodeManager.Grpc.Tests.Infrastructure;
using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Interop;

/// <summary>Our client against a @grpc/grpc-js server.</summary>
public sealed class GrpcJsServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private Process? _node;
    private GrpcChannel? _channel;

    private GrpcChannel Channel => _channel!;

    public async Task InitializeAsync()
    {
        var directory = Environment.GetEnvironmentVariable(GrpcJsFactAttribute.DirectoryVariable);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Interop", "grpcjs-server.js"), Path.Combine(AppContext.BaseDirectory, "InteropProtos") },
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        start.Environment["NODE_PATH"] = Path.Combine(directory, "node_modules");
        _node = Process.Start(start)!;
        var line = await _node.StandardOutput.ReadLineAsync().WaitAsync(Timeout) ?? throw new InvalidOperationException("grpc-js server did not start.");
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{line["port ".Length..]}");
    }

    public Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_node is not null)
        {
            _node.StandardInput.Close();
            if (!_node.WaitForExit(5000))
            {
                _node.Kill(entireProcessTree: true);
            }

            _node.Dispose();
        }

        return Task.CompletedTask;
    }

    [GrpcJsFact]
    public async Task UnaryAsync_GrpcJsServer_ReturnsResponse()
    {
        var response = await Channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "hello js", Payload = ByteString.CopyFromUtf8("p") }).WaitAsync(Timeout);

        Assert.Equal("hello js", response.Message);
        Assert.Equal("p", response.Payload.ToStringUtf8());
    }

    [GrpcJsFact]
    public async Task UnaryAsync_GrpcJsServerError_ReadsStatusMessageAndTrailers()
    {
        const string detail = "Grüße 世界 100%";

        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "status", StatusCode = 9, StatusDetail = detail }).WaitAsync(Timeout));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal(detail, ex.Status.Detail);
        Assert.Equal("trailer-value", ex.Trailers.GetValue("x-trailer"));
    }

    [GrpcJsFact]
    public async Task UnaryAsync_GrpcJsServerNeverAnswers_DeadlineExceeded()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(TestMethods.Echo, new EchoRequest { Message = "wait" }, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300))).WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [GrpcJsFact]
    public async Task UnaryAsync_GrpcJsServerUnknownMethod_Unimplemented()
    {
        var method = new Method<EchoRequest, EchoResponse>(TestMethods.Service, "Missing", EchoResponse.Parser);

        var ex = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(method, new EchoRequest()).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [GrpcJsFact]
    public async Task Streaming_GrpcJsServer_AllShapesWork()
    {
        using (var repeat = Channel.ServerStreaming(TestMethods.Repeat, new EchoRequest { Message = "r", Count = 3, StatusCode = 10, StatusDetail = "stop" }))
        {
            var received = 0;
            var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await repeat.ResponseStream.MoveNext().WaitAsync(Timeout))
                {
                    received++;
                }
            });
            Assert.Equal(3, received);
            Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        }

        using (var sum = Channel.ClientStreaming(TestMethods.Sum))
        {
            for (var i = 1; i <= 4; i++)
            {
                await sum.RequestStream.WriteAsync(new EchoRequest { Count = i }).WaitAsync(Timeout);
            }

            await sum.RequestStream.CompleteAsync().WaitAsync(Timeout);
            Assert.Equal(10, (await sum.ResponseAsync.WaitAsync(Timeout)).Total);
        }

        using var chat = Channel.DuplexStreaming(TestMethods.Chat);
        foreach (var message in new[] { "a", "b", "c" })
        {
            await chat.RequestStream.WriteAsync(new EchoRequest { Message = message }).WaitAsync(Timeout);
            Assert.True(await chat.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.Equal(message, chat.ResponseStream.Current.Message);
        }

        await chat.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await chat.ResponseStream.MoveNext().WaitAsync(Timeout));
    }
}
