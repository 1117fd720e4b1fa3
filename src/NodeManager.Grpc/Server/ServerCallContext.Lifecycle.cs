using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using NodeManager.Grpc.Framing;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

/// <summary>Start of call (limits, deadline, encodings) and end of call (status in trailers or trailers-only).</summary>
public sealed partial class ServerCallContext
{
    /// <summary>Longest timer a CancellationTokenSource accepts; longer deadlines are reported but not enforced.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private CancellationTokenSource? _deadlineCts;
    private CancellationTokenSource? _linkedCts;
    private CancellationTokenRegistration _deadlineRegistration;
    private bool _bodyStarted;

    internal bool IsDeadlineExceeded => _deadlineCts?.IsCancellationRequested == true;

    internal void Initialize()
    {
        var features = HttpContext.Features;
        if (features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }

        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxSize)
        {
            maxSize.MaxRequestBodySize = null;
        }

        var request = HttpContext.Request;
        var requestEncoding = request.Headers[GrpcProtocolConstants.EncodingHeader].ToString();
        ReadOptions = new MessageReadOptions(
            _services.Options.MaxReceiveMessageSize ?? int.MaxValue,
            requestEncoding.Length == 0 ? null : requestEncoding);

        var response = HttpContext.Response;
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers[GrpcProtocolConstants.AcceptEncodingHeader] = GrpcProtocolConstants.SupportedEncodings;
        if (_services.Options.ResponseCompressionAlgorithm is { } algorithm
            && request.Headers[GrpcProtocolConstants.AcceptEncodingHeader].ToString().Contains(algorithm, StringComparison.OrdinalIgnoreCase))
        {
            CompressResponses = true;
            response.Headers[GrpcProtocolConstants.EncodingHeader] = GrpcProtocolConstants.GzipEncoding;
        }

        var timeoutHeader = request.Headers[GrpcProtocolConstants.TimeoutHeader].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (GrpcTimeout.TryParse(timeoutHeader, out var timeout))
            {
                StartDeadline(timeout);
            }
            else
            {
                GrpcServerLog.InvalidTimeoutIgnored(_services.Logger, timeoutHeader);
            }
        }
    }

    private void StartDeadline(TimeSpan timeout)
    {
        var now = _services.TimeProvider.GetUtcNow().UtcDateTime;
        Deadline = timeout >= DateTime.MaxValue - now ? DateTime.MaxValue : now + timeout;
        if (timeout > MaxTimerDelay)
        {
            return;
        }

        _deadlineCts = new CancellationTokenSource(timeout, _services.TimeProvider);
        _linkedCts = CancellationTokenSource.CreateLinkedTokenSource(HttpContext.RequestAborted, _deadlineCts.Token);
        CancellationToken = _linkedCts.Token;
        _deadlineRegistration = _deadlineCts.Token.UnsafeRegister(
            static state =>
            {
                // Runs on a timer thread: an exception here would take the process down. The pipes
                // throw when the client already reset the stream (or the request completed); the
                // deadline has then nothing left to interrupt.
                var http = (HttpContext)state!;
                try
                {
                    http.Request.BodyReader.CancelPendingRead();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
                {
                }

                try
                {
                    http.Response.BodyWriter.CancelPendingFlush();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
                {
                }
            },
            HttpContext);
    }

    internal void MarkBodyStarted() => _bodyStarted = true;

    internal void ProcessHandlerError(Exception exception)
    {
        var logger = _services.Logger;
        if (exception is RpcException rpc)
        {
            // Codes outside the 17 defined ones are sent as UNKNOWN, as clients would read them anyway.
            Status = (uint)rpc.StatusCode <= (uint)StatusCode.Unauthenticated ? rpc.Status : new Status(StatusCode.Unknown, rpc.Status.Detail, rpc);
            foreach (var (key, value) in rpc.Trailers)
            {
                ResponseTrailers.Add(key, value);
            }

            GrpcServerLog.RpcStatusRaised(logger, Method, rpc.StatusCode, rpc.Status.Detail);
        }
        else if (IsDeadlineExceeded)
        {
            Status = GrpcStatuses.DeadlineExceeded;
            GrpcServerLog.DeadlineExceeded(logger, Method);
        }
        else if (HttpContext.RequestAborted.IsCancellationRequested)
        {
            Status = GrpcStatuses.CanceledByClient;
            GrpcServerLog.CanceledByClient(logger, Method);
        }
        else
        {
            GrpcServerLog.ErrorExecutingServiceMethod(logger, Method, exception);
            Status = _services.Options.EnableDetailedErrors
                ? new Status(StatusCode.Unknown, $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}", exception)
                : GrpcStatuses.HandlerError;
        }
    }

    /// <summary>Puts the status (and trailers) on the response; Kestrel sends them when the request delegate returns.</summary>
    internal void EndCall()
    {
        if (Status.StatusCode == StatusCode.OK && IsDeadlineExceeded && !_bodyStarted)
        {
            Status = GrpcStatuses.DeadlineExceeded;
        }

        if (HttpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var response = HttpContext.Response;
        if (!response.HasStarted && !_bodyStarted)
        {
            var headers = response.Headers;
            AppendStatus(headers);
            return;
        }

        if (HttpContext.Features.Get<IHttpResponseTrailersFeature>() is { } trailersFeature)
        {
            AppendStatus(trailersFeature.Trailers);
        }
    }

    private void AppendStatus(IHeaderDictionary target)
    {
        target[GrpcProtocolConstants.StatusTrailer] = GrpcStatuses.ToHeaderValue(Status.StatusCode);
        if (Status.Detail.Length > 0)
        {
            target[GrpcProtocolConstants.MessageTrailer] = GrpcMessageEncoding.Encode(Status.Detail);
        }

        if (_responseTrailers is null)
        {
            return;
        }

        foreach (var (key, value) in _responseTrailers)
        {
            target.Append(key, value);
        }
    }

    internal void DisposeCall()
    {
        _deadlineRegistration.Dispose();
        _linkedCts?.Dispose();
        _deadlineCts?.Dispose();
    }
}
