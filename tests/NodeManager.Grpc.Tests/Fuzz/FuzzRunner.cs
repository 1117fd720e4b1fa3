using System.Net;
using System.Net.Http.Headers;

namespace NodeManager.Grpc.Tests.Fuzz;

/// <summary>Sends one fuzz case over real HTTP/2 and judges how the call ended.</summary>
internal static class FuzzRunner
{
    /// <summary>Null when the call ended acceptably (a gRPC status, an HTTP error, or our own reset); otherwise why not.</summary>
    public static async Task<string?> RunAsync(HttpClient client, Uri address, FuzzCase fuzzCase)
    {
        using var cts = new CancellationTokenSource();
        var content = new FuzzContent(fuzzCase.Body, fuzzCase.ResetAfterBody);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, fuzzCase.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", "5S");
        if (fuzzCase.Encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", fuzzCase.Encoding);
        }

        try
        {
            var send = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            if (fuzzCase.ResetAfterBody)
            {
                await Task.WhenAny(content.BodySent, send);
                await cts.CancelAsync();
            }

            using var response = await send;
            await response.Content.CopyToAsync(Stream.Null, cts.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
            return status is not null && int.TryParse(status, out var code) && code is >= 0 and <= 16
                ? null
                : $"HTTP 200 without a valid grpc-status (got '{status ?? "none"}')";
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return null;
        }
        catch (HttpRequestException) when (cts.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    private sealed class FuzzContent(byte[] body, bool hangAfterBody) : HttpContent
    {
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task BodySent => _sent.Task;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(body, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _sent.TrySetResult();
            if (hangAfterBody)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
