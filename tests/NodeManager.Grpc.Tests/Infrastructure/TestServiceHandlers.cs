using System.Collections.Concurrent;
using Google.Protobuf;
using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Infrastructure;

/// <summary>Handlers of the test service; behaviour is chosen by the request's <c>message</c>.</summary>
public sealed class TestServiceHandlers(CallSignals signals)
{
    private readonly ConcurrentDictionary<string, int> _arrivals = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _connections = new();

    public int ConnectionCount(string testId) => _connections.TryGetValue(testId, out var set) ? set.Count : 0;

    public async Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        switch (request.Message)
        {
            case "status":
                context.ResponseTrailers.Add("x-trailer", "trailer-value");
                throw new RpcException((StatusCode)request.StatusCode, request.StatusDetail);
            case "throw":
                throw new InvalidOperationException("secret internal detail");
            case "wait":
                signals.Get(request.TestId, "started").TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    signals.Get(request.TestId, "canceled").TrySetResult();
                    throw;
                }

                break;
            case "ignore-deadline":
                await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                return new EchoResponse { Message = "late" };
            case "hold":
                // Keeps the call open past a client reset and past its deadline, whatever the token says.
                await Task.Delay(TimeSpan.FromMilliseconds(800), CancellationToken.None);
                return new EchoResponse { Message = "held" };
            case "deadline":
                return new EchoResponse { Message = context.Deadline.ToString("O", System.Globalization.CultureInfo.InvariantCulture), Total = context.Method.Length };
            case "set-status":
                context.Status = new Status(StatusCode.FailedPrecondition, "chosen by handler");
                return new EchoResponse { Message = "ignored" };
            case "barrier":
                return await Barrier(request, context);
            case "headers":
                await context.WriteResponseHeadersAsync(new Metadata { { "x-header", "header-value" } });
                return new EchoResponse { Message = context.RequestHeaders["x-custom"].ToString() };
        }

        return new EchoResponse { Message = request.Message, Payload = request.Payload, Peer = context.Peer };
    }

    public async Task<EchoResponse> Sum(IAsyncStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        var total = 0;
        var count = 0;
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            total += request.Count;
            count++;
            if (request.Message == "fail")
            {
                throw new RpcException(StatusCode.FailedPrecondition, "failed after " + count);
            }
        }

        return new EchoResponse { Total = total, Message = count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    public async Task Repeat(EchoRequest request, IServerStreamWriter<EchoResponse> writer, ServerCallContext context)
    {
        for (var i = 0; i < Math.Min(request.Count, 1000); i++)
        {
            await writer.WriteAsync(new EchoResponse { Message = request.Message, Total = i, Payload = request.Payload });
        }

        if (request.Message == "wait")
        {
            signals.Get(request.TestId, "started").TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                signals.Get(request.TestId, "canceled").TrySetResult();
                throw;
            }
        }

        if (request.StatusCode != 0)
        {
            throw new RpcException((StatusCode)request.StatusCode, request.StatusDetail);
        }
    }

    public async Task Chat(IAsyncStreamReader<EchoRequest> requests, IServerStreamWriter<EchoResponse> writer, ServerCallContext context)
    {
        var testId = "";
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            testId = request.TestId;
            if (request.Message == "end-stream")
            {
                // From another thread while the next read waits, as a shutdown would: the loop ends without an exception.
                _ = Task.Run(async () =>
                {
                    await Task.Delay(100);
                    context.EndRequestStream(new Status(StatusCode.Unavailable, "ended by the server"));
                });
            }

            await writer.WriteAsync(new EchoResponse { Message = request.Message, Total = request.Count, Payload = request.Payload });
        }

        if (context.RequestStreamEnded)
        {
            signals.Get(testId, "loop-ended").TrySetResult();
        }
    }

    private async Task<EchoResponse> Barrier(EchoRequest request, ServerCallContext context)
    {
        _connections.GetOrAdd(request.TestId, _ => new()).TryAdd(context.HttpContext.Connection.Id, 0);
        var arrived = _arrivals.AddOrUpdate(request.TestId, 1, (_, n) => n + 1);
        var all = signals.Get(request.TestId, "all-arrived");
        if (arrived == request.Count)
        {
            all.TrySetResult();
        }

        await all.Task.WaitAsync(context.CancellationToken);
        return new EchoResponse { Total = arrived, Payload = ByteString.Empty };
    }
}
