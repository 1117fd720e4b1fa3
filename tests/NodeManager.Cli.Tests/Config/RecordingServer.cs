using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeManager.Contracts.V1;
using NodeManager.Testing;

namespace NodeManager.Cli.Tests.Config;

/// <summary>
/// A stand-in NodeService on loopback that records the <c>authorization</c> metadata of each GetNode call (the real
/// server has no authentication yet, so it cannot show what nmctl sent).
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingServer(WebApplication app, Uri address, Recorder recorder)
    {
        _app = app;
        Address = address;
        Authorization = recorder.Authorization;
    }

    public Uri Address { get; }

    public List<string> Authorization { get; }

    public static async Task<RecordingServer> StartAsync()
    {
        var recorder = new Recorder();
        var (app, address) = await LoopbackHost.StartAsync(() =>
        {
            var port = LoopbackHost.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(recorder);
            var built = builder.Build();
            built.MapGrpcService<Recorder.Service>();
            return (built, new Uri($"http://localhost:{port}"));
        });
        return new RecordingServer(app, address, recorder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TestTimeout.Default);
        await _app.DisposeAsync();
    }

    public sealed class Recorder
    {
        public List<string> Authorization { get; } = [];

        public sealed class Service(Recorder recorder) : NodeService.NodeServiceBase
        {
            public override Task<Node> GetNode(GetNodeRequest request, ServerCallContext context)
            {
                lock (recorder.Authorization)
                {
                    recorder.Authorization.Add(context.RequestHeaders.GetValue("authorization") ?? "");
                }

                return Task.FromResult(new Node { Id = request.Id, Name = "recorded" });
            }
        }
    }
}
