using System.Net;
using NodeManager.Server.Tests.Infrastructure;
using NodeManager.Testing;

namespace NodeManager.Server.Tests.Metrics;

/// <summary>The server as a process, with its own appsettings.json: a console log line written during a request shows the request's trace.</summary>
public sealed class LogCorrelationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task ConsoleLog_WrittenDuringRequest_ShowsTheTraceAndSpanOfTheRequest()
    {
        await using var server = await ServerProcess.StartAsync(
            [$"--NodeManager:Storage:Sqlite:Path={_dir.File("nm.db")}", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information"]);
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/nodes?correlated");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01"); // W3C trace context from the caller

        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(request).WaitAsync(TestTimeout.Default)).StatusCode);

        // ASP.NET Core's "Request starting" line, with its scopes: "=> SpanId:…, TraceId:<the caller's> => …".
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.Output.Contains($"TraceId:{traceId}", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no console line with TraceId:{traceId}:\n{server.Output}");
            await Task.Delay(100);
        }

        Assert.Matches($"SpanId:[0-9a-f]{{16}}, TraceId:{traceId} =>[^\n]*RequestPath:/v1/nodes", server.Output);
        Assert.Matches("Request starting HTTP/1.1 GET http://127.0.0.1:[0-9]+/v1/nodes\\?correlated", server.Output);
    }

    public void Dispose() => _dir.Dispose();
}
