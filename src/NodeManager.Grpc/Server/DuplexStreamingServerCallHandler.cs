using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace NodeManager.Grpc;

internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse> : ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> _handler;

    public DuplexStreamingServerCallHandler(string method, MessageParser<TRequest> parser, GrpcServerServices services, Func<IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        : base(method, parser, services)
    {
        _handler = handler;
    }

    /// <summary>Not async: the handler's task is the call's (one state machine fewer for each of 100,000 open streams).</summary>
    protected override Task HandleCallCoreAsync(HttpContext httpContext, ServerCallContext context)
    {
        var reader = new HttpContextStreamReader<TRequest>(httpContext, context, Parser);
        var writer = new HttpContextStreamWriter<TResponse>(httpContext, context);
        return _handler(reader, writer, context);
    }
}
