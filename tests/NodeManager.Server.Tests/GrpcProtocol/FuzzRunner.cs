using System.Net;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>How one fuzz call ended: an outcome to tally (e.g. "grpc-status 13") and, when unacceptable, why.</summary>
public sealed record FuzzOutcome(string Kind, int? GrpcStatus = null, string? Failure = null)
{
    public static FuzzOutcome Failed(string why) => new("failure", Failure: why);
}

/// <summary>
/// Sends one <see cref="FuzzCase"/> over real HTTP/2 and judges the end of the call. Acceptable ends: a gRPC status
/// from 0 to 16 (trailers or trailers-only), a non-200 HTTP status, or the client's own reset. Anything else fails,
/// including no end within <see cref="HangLimit"/> (a call without a deadline that the server leaves hanging).
/// </summary>
internal static class FuzzRunner
{
    /// <summary>How long a call may take to end; the longest deliberate wait is a 200 ms deadline.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    public static async Task<FuzzOutcome> RunAsync(HttpClient client, Uri address, FuzzCase fuzzCase)
    {
        using var cts = new CancellationTokenSource();
        var content = new HeldOpenContent(fuzzCase.Body);
        var send = RawGrpc.SendAsync(
            client,
            address,
            fuzzCase.Path,
            fuzzCase.Reset ? content : new ByteArrayContent(fuzzCase.Body),
            new RawRequest(Timeout: fuzzCase.Timeout, Encoding: fuzzCase.Encoding),
            cts.Token);
        try
        {
            if (fuzzCase.Reset)
            {
                await Task.WhenAny(content.BodySent, send).WaitAsync(HangLimit);
                // RST_STREAM(CANCEL) while the server may be reading, handling or answering. Once response headers are
                // in, cancelling the send alone does not reset the stream; the cancelled read of the body below does.
                await cts.CancelAsync();
            }

            using var response = await send.WaitAsync(HangLimit);
            var ended = await RawResponse.ReadAsync(response, cts.Token).WaitAsync(HangLimit);
            if (ended.HttpStatus != HttpStatusCode.OK)
            {
                return new FuzzOutcome($"http {(int)ended.HttpStatus}");
            }

            return ended.GrpcStatus is >= 0 and <= 16
                ? new FuzzOutcome($"grpc-status {ended.GrpcStatus}", ended.GrpcStatus)
                : FuzzOutcome.Failed($"HTTP 200 without a valid grpc-status: {ended}");
        }
        catch (Exception ex) when (cts.IsCancellationRequested && ex is OperationCanceledException or HttpRequestException or IOException)
        {
            return new FuzzOutcome("client reset");
        }
        catch (TimeoutException)
        {
            await cts.CancelAsync();
            return FuzzOutcome.Failed($"no end of the call within {HangLimit.TotalSeconds:0} s");
        }
        catch (Exception ex)
        {
            await cts.CancelAsync();
            return FuzzOutcome.Failed($"{ex.GetType().Name}: {ex.Message} {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}");
        }
    }
}
