using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc;

/// <summary>
/// The request stream of a client- or duplex-streaming call, read from the request body pipe. A message
/// already buffered is taken synchronously; a read that has to wait uses one pooled state machine, and
/// the previous message is released before waiting. A heartbeat stream waits seconds between messages:
/// anything allocated per message and still referenced while waiting would be promoted by the garbage
/// collector, and collected only by a full collection.
/// </summary>
internal sealed class HttpContextStreamReader<T> : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private readonly HttpContext _httpContext;
    private readonly ServerCallContext _context;
    private readonly MessageParser<T> _parser;
    private PipeReader? _body;
    private T? _current;
    private bool _completed;

    public HttpContextStreamReader(HttpContext httpContext, ServerCallContext context, MessageParser<T> parser)
    {
        _httpContext = httpContext;
        _context = context;
        _parser = parser;
    }

    public T Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first.");

    public Task<bool> MoveNext(CancellationToken cancellationToken = default) => MoveNextAsync(cancellationToken).AsTask();

    public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        _current = null;
        if (_completed || _context.RequestStreamEnded)
        {
            return new(false);
        }

        var body = _body ??= _httpContext.Request.BodyReader;
        var token = cancellationToken.CanBeCanceled ? cancellationToken : _context.CancellationToken;
        try
        {
            if (body.TryRead(out var result) && Take(body, result))
            {
                return new(!_completed);
            }
        }
        catch (IOException ex)
        {
            throw RequestBodyReader.Reset(ex);
        }

        return ReadAsync(body, token);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadAsync(PipeReader body, CancellationToken cancellationToken)
    {
        try
        {
            while (!Take(body, await body.ReadAsync(cancellationToken).ConfigureAwait(false)))
            {
            }

            return !_completed;
        }
        catch (IOException ex)
        {
            throw RequestBodyReader.Reset(ex);
        }
    }

    /// <summary>True when the read produced a message (now <see cref="Current"/>) or ended the stream.</summary>
    private bool Take(PipeReader body, in ReadResult result)
    {
        if (result.IsCanceled && _context.RequestStreamEnded)
        {
            body.AdvanceTo(result.Buffer.Start); // the server ended the stream (ServerCallContext.EndRequestStream): nothing more is read
            _completed = true;
            return true;
        }

        if (!GrpcMessageReader.TryTakeMessage(body, result, _parser, _context.ReadOptions, out var message))
        {
            return false;
        }

        _current = message;
        _completed = message is null;
        return true;
    }
}
