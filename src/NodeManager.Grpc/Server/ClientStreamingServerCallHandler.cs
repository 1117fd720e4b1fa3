using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace NodeManager.Grpc;

internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse> : ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> _handler;

    public ClientStreamingServerCallHandler(string method, MessageParser<TRequest> parser, GrpcServerServices services, Func<IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler)
        : base(method, parser, services)
    {
        _handler = handler;
    }

    protected override async Task HandleCallCoreAsync(HttpContext httpContext, ServerCallContext context)
    {
        var reader = new HttpContextStreamReader<TRequest>(httpContext, context, Parser);
        var response = await _handler(reader, context).ConfigureAwait(false);
        WriteSingleResponse(httpContext, context, response);
    }
}
