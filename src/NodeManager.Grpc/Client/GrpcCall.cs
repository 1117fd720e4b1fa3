using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using NodeManager.Grpc.Framing;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

/// <summary>One client call: sends the request, reads response messages, and ends with a status.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse> : IGrpcCallState
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    private static readonly Status CanceledStatus = new(StatusCode.Cancelled, "Call canceled by the client.");
    private static readonly Status NoStatusStatus = new(StatusCode.Cancelled, "No grpc-status found on response.");

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    /// <summary>Null for a unary call no one can cancel (no deadline, no token): it ends only by itself.</summary>
    private readonly CancellationTokenSource? _callCts;
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _userRegistration;
    private ITimer? _deadlineTimer;
    private Task<HttpResponseMessage>? _responseTask;
    private Task<Metadata>? _headersTask;
    private HttpResponseMessage? _response;
    private PipeReader? _responseReader;
    private MessageReadOptions _readOptions;
    private Status? _status;
    private Metadata? _trailers;
    private bool _deadlineExceeded;
    private bool _disposed;

    /// <param name="ownedByCaller">
    /// False for <see cref="GrpcChannel.UnaryAsync"/>: the call object never reaches the user, so without a deadline
    /// or a cancellation token nothing can cancel it and no token source (nor HttpClient registration on it) is needed.
    /// </param>
    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options, bool ownedByCaller = true)
    {
        _channel = channel;
        _method = method;
        _options = options;
        if (ownedByCaller || options.Deadline is not null || options.CancellationToken.CanBeCanceled)
        {
            _callCts = new CancellationTokenSource();
        }
    }

    public CancellationToken CallToken => _callCts?.Token ?? CancellationToken.None;

    public Task<Metadata> ResponseHeadersAsync => _headersTask ??= GetHeadersAsync();

    public bool IsFinished
    {
        get
        {
            lock (_lock)
            {
                return _status is not null;
            }
        }
    }

    public void Start(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetUri(_method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, GrpcProtocolConstants.TeTrailers);
        headers.TryAddWithoutValidation("user-agent", GrpcProtocolConstants.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.AcceptEncodingHeader, GrpcProtocolConstants.SupportedEncodings);
        content.Headers.TryAddWithoutValidation("content-type", GrpcProtocolConstants.ContentType);
        if (_channel.Options.CompressRequests)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.EncodingHeader, GrpcProtocolConstants.GzipEncoding);
        }

        if (_options.Headers is { } metadata)
        {
            foreach (var (key, value) in metadata)
            {
                headers.TryAddWithoutValidation(key, value);
            }
        }

        if (_options.CancellationToken.CanBeCanceled)
        {
            _userRegistration = _options.CancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).CancelCall(), this);
        }

        if (_options.Deadline is { } deadline)
        {
            var utc = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
            var timeout = deadline == DateTime.MaxValue ? Timeout.InfiniteTimeSpan : utc - _channel.Options.TimeProvider.GetUtcNow().UtcDateTime;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                if (timeout <= TimeSpan.Zero)
                {
                    request.Dispose();
                    OnDeadline();
                    Finish(DeadlineStatus, new Metadata());
                    _responseTask = Task.FromException<HttpResponseMessage>(new RpcException(DeadlineStatus));
                    return;
                }

                headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(timeout));
                _deadlineTimer = _channel.Options.TimeProvider.CreateTimer(
                    static s => ((GrpcCall<TRequest, TResponse>)s!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);
            }
        }

        _responseTask = SendAsync(request);
    }

    private void OnDeadline()
    {
        lock (_lock)
        {
            _deadlineExceeded = true;
        }

        CancelCall();
    }

    private void CancelCall()
    {
        try
        {
            _callCts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call already ended.
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(request, CallToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }

        _response = response;
        var headerStatus = ValidateResponseHeaders(response);
        if (headerStatus is { } status)
        {
            Finish(status, ToMetadata(response.Headers, skipStatus: true));
            return response;
        }

        var encoding = response.Headers.TryGetValues(GrpcProtocolConstants.EncodingHeader, out var values) ? values.FirstOrDefault() : null;
        _readOptions = new MessageReadOptions(_channel.Options.MaxReceiveMessageSize ?? int.MaxValue, encoding);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(CallToken).ConfigureAwait(false);
            _responseReader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }

        return response;
    }

    /// <summary>Null when the response is a normal gRPC response; otherwise the status it carries (trailers-only or an HTTP error).</summary>
    private static Status? ValidateResponseHeaders(HttpResponseMessage response)
    {
        var grpcStatus = GetHeader(response.Headers, GrpcProtocolConstants.StatusTrailer);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return grpcStatus is not null
                ? ReadStatus(response.Headers, grpcStatus)
                : new Status(StatusMapping.FromHttpStatus(response.StatusCode), $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}.");
        }

        // Read unvalidated: parsing a MediaTypeHeaderValue per call is not needed to compare the media type.
        var contentType = GetHeader(response.Content.Headers, "content-type");
        if (!GrpcProtocolConstants.IsAnyGrpcContentType(contentType))
        {
            return new Status(StatusCode.Unknown, $"Bad gRPC response. Invalid content-type value: {contentType}.");
        }

        return grpcStatus is null ? null : ReadStatus(response.Headers, grpcStatus);
    }

    private static Status ReadStatus(HttpHeaders headers, string grpcStatus)
    {
        var code = int.TryParse(grpcStatus, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value <= (int)StatusCode.Unauthenticated
            ? (StatusCode)value
            : StatusCode.Unknown;
        var message = GetHeader(headers, GrpcProtocolConstants.MessageTrailer);
        return new Status(code, message is null ? string.Empty : GrpcMessageEncoding.Decode(message));
    }

    private static string? GetHeader(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.ToString() : null;

    private static Metadata ToMetadata(HttpHeaders headers, bool skipStatus)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in headers.NonValidated)
        {
            if (skipStatus && (string.Equals(key, GrpcProtocolConstants.StatusTrailer, StringComparison.OrdinalIgnoreCase)
                || string.Equals(key, GrpcProtocolConstants.MessageTrailer, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var value in values)
            {
                metadata.Add(key, value);
            }
        }

        return metadata;
    }
}
