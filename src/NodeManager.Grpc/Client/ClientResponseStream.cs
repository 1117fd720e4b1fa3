using Google.Protobuf;

namespace NodeManager.Grpc;

/// <summary>The response stream of a server- or duplex-streaming call.</summary>
internal sealed class ClientResponseStream<TRequest, TResponse> : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcCall<TRequest, TResponse> _call;
    private TResponse? _current;

    public ClientResponseStream(GrpcCall<TRequest, TResponse> call)
    {
        _call = call;
    }

    public TResponse Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var message = await _call.ReadNextMessageAsync(cancellationToken).ConfigureAwait(false);
        _current = message;
        if (message is null)
        {
            _call.ThrowIfNotOk();
            return false;
        }

        return true;
    }
}
