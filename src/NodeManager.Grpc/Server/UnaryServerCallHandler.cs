using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace NodeManager.Grpc;

internal sealed class UnaryServerCallHandler<TRequest, TResponse> : ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TRequest, ServerCallContext, Task<TResponse>> _handler;

    public UnaryServerCallHandler(string method, MessageParser<TRequest> parser, GrpcServerServices services, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        : base(method, parser, services)
    {
        _handler = handler;
    }

    protected override async Task HandleCallCoreAsync(HttpContext httpContext, ServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(httpContext, context).ConfigureAwait(false);
        var response = await _handler(request, context).ConfigureAwait(false);
        WriteSingleResponse(httpContext, context, response);
    }
}
