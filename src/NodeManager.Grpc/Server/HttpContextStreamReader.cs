using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace NodeManager.Grpc;

/// <summary>The request stream of a client- or duplex-streaming call, read from the request body pipe.</summary>
internal sealed class HttpContextStreamReader<T> : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private readonly HttpContext _httpContext;
    private readonly ServerCallContext _context;
    private readonly MessageParser<T> _parser;
    private T? _current;
    private bool _completed;

    public HttpContextStreamReader(HttpContext httpContext, ServerCallContext context, MessageParser<T> parser)
    {
        _httpContext = httpContext;
        _context = context;
        _parser = parser;
    }

    public T Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            return false;
        }

        var token = cancellationToken.CanBeCanceled ? cancellationToken : _context.CancellationToken;
        var message = await RequestBodyReader.ReadAsync(_httpContext, _context, _parser, token).ConfigureAwait(false);
        if (message is null)
        {
            _completed = true;
            _current = null;
            return false;
        }

        _current = message;
        return true;
    }
}
