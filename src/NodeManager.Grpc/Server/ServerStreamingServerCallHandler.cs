using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace NodeManager.Grpc;

internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse> : ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> _handler;

    public ServerStreamingServerCallHandler(string method, MessageParser<TRequest> parser, GrpcServerServices services, Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        : base(method, parser, services)
    {
        _handler = handler;
    }

    protected override async Task HandleCallCoreAsync(HttpContext httpContext, ServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(httpContext, context).ConfigureAwait(false);
        var writer = new HttpContextStreamWriter<TResponse>(httpContext, context);
        await _handler(request, writer, context).ConfigureAwait(false);
    }
}
