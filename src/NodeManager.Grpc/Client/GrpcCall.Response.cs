using System.Net.Http;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc;

/// <summary>Reading responses, finishing with a status, failure mapping and disposal.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse>
{
    /// <summary>How long a failed write waits for the response's status before reporting the write error.</summary>
    private static readonly TimeSpan WriteFailureStatusWait = TimeSpan.FromSeconds(5);

    /// <summary>The next response message, or null once the call has ended (check the status).</summary>
    public async Task<TResponse?> ReadNextMessageAsync(CancellationToken cancellationToken)
    {
        // Registered before waiting for the response headers: a server stream may send none for a long time.
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).CancelCall(), this)
            : default;
        try
        {
            var response = await _responseTask!.ConfigureAwait(false);
            if (IsFinished)
            {
                return null;
            }

            var message = await GrpcMessageReader.ReadMessageAsync(_responseReader!, _method.ResponseParser, _readOptions, CallToken).ConfigureAwait(false);
            if (message is null)
            {
                FinishFromTrailers(response);
            }

            return message;
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
    }

    /// <summary>Reads the single response of a unary or client-streaming call.</summary>
    public async Task<TResponse> ReadSingleResponseAsync()
    {
        try
        {
            var message = await ReadNextMessageAsync(CancellationToken.None).ConfigureAwait(false);
            if (message is null)
            {
                ThrowIfNotOk();
                throw Fail(new RpcException(StatusCode.Internal, "Failed to deserialize response message: no message received."));
            }

            if (await ReadNextMessageAsync(CancellationToken.None).ConfigureAwait(false) is not null)
            {
                throw Fail(new RpcException(StatusCode.Internal, "Additional data after the response message received."));
            }

            ThrowIfNotOk();
            return message;
        }
        finally
        {
            Dispose();
        }
    }

    public void ThrowIfNotOk()
    {
        lock (_lock)
        {
            if (_status is { } status && status.StatusCode != StatusCode.OK)
            {
                throw new RpcException(status, _trailers ?? new Metadata());
            }
        }
    }

    public Status GetStatus()
    {
        lock (_lock)
        {
            return _status ?? throw new InvalidOperationException("The call has not finished.");
        }
    }

    public Metadata GetTrailers()
    {
        lock (_lock)
        {
            return _status is null ? throw new InvalidOperationException("The call has not finished.") : _trailers ?? new Metadata();
        }
    }

    /// <summary>Maps a failure to a status, ends the call with it, and returns the exception to throw.</summary>
    public RpcException Fail(Exception exception)
    {
        Status status;
        lock (_lock)
        {
            if (_status is { } existing && existing.StatusCode != StatusCode.OK)
            {
                return new RpcException(existing, _trailers ?? new Metadata());
            }

            status = exception switch
            {
                _ when _deadlineExceeded => DeadlineStatus,
                _ when _options.CancellationToken.IsCancellationRequested || _disposed => CanceledStatus,
                RpcException rpc => rpc.Status,
                _ => MapException(exception),
            };
            _status = status;
            _trailers ??= new Metadata();
        }

        _deadlineTimer?.Dispose();
        CancelCall();
        return new RpcException(status, GetTrailers());
    }

    /// <summary>
    /// A request write failed. The usual cause is that the server already ended the call (e.g. RESOURCE_EXHAUSTED,
    /// trailers-only), so prefer the status the response carries over the write error.
    /// </summary>
    public async Task<RpcException> FailWriteAsync(Exception exception)
    {
        if (_responseTask is { } responseTask)
        {
            try
            {
                await responseTask.WaitAsync(WriteFailureStatusWait).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The response failed too: its failure (or the write error below) becomes the status.
            }
        }

        return Fail(exception);
    }

    private static Status MapException(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpProtocolException protocol)
            {
                return new Status(Internal.StatusMapping.FromHttp2ErrorCode(protocol.ErrorCode), $"HTTP/2 error: {protocol.Message}", exception);
            }
        }

        return exception switch
        {
            HttpRequestException => new Status(StatusCode.Unavailable, $"Error starting gRPC call. {exception.GetType().Name}: {exception.Message}", exception),
            IOException => new Status(StatusCode.Unavailable, $"Error reading the response. {exception.GetType().Name}: {exception.Message}", exception),
            OperationCanceledException => new Status(StatusCode.Cancelled, "Call canceled.", exception),
            _ => new Status(StatusCode.Internal, $"Error in gRPC call. {exception.GetType().Name}: {exception.Message}", exception),
        };
    }

    private void FinishFromTrailers(HttpResponseMessage response)
    {
        var grpcStatus = GetHeader(response.TrailingHeaders, Internal.GrpcProtocolConstants.StatusTrailer);
        var status = grpcStatus is null ? NoStatusStatus : ReadStatus(response.TrailingHeaders, grpcStatus);
        Finish(status, ToMetadata(response.TrailingHeaders, skipStatus: true));
    }

    private void Finish(Status status, Metadata trailers)
    {
        lock (_lock)
        {
            if (_status is not null)
            {
                return;
            }

            _status = status;
            _trailers = trailers;
        }

        _deadlineTimer?.Dispose();
        _userRegistration.Unregister();
    }

    private async Task<Metadata> GetHeadersAsync()
    {
        var response = await _responseTask!.ConfigureAwait(false);
        return ToMetadata(response.Headers, skipStatus: false);
    }

    public void Dispose()
    {
        bool finished;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            finished = _status is not null;
        }

        if (!finished)
        {
            Finish(CanceledStatus, new Metadata());
            CancelCall();
        }

        _userRegistration.Dispose();
        _deadlineTimer?.Dispose();
        _response?.Dispose();
    }
}
