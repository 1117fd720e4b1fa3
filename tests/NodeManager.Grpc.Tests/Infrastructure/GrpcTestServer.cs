using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Infrastructure;

/// <summary>A real Kestrel server on loopback: an HTTP/2 (h2c) port for gRPC and an HTTP/1.1 port for protocol tests.</summary>
public class GrpcTestServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>Server options of this instance; subclasses change them.</summary>
    protected virtual void ConfigureOptions(GrpcServerOptions options) => options.MaxReceiveMessageSize = 4 * 1024 * 1024;

    public CallSignals Signals { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public TestServiceHandlers Handlers { get; private set; } = null!;

    public Uri Http2Address { get; private set; } = null!;

    public Uri Http1Address { get; private set; } = null!;

    public bool HealthToggle { get; set; } = true;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureGrpcKestrel(new ConfigurationBuilder().Build());
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpcWire(ConfigureOptions);
        builder.Services.AddSingleton(Signals);
        builder.Services.AddSingleton<TestServiceHandlers>();
        ConfigureHealth(builder.Services);

        _app = builder.Build();
        Handlers = _app.Services.GetRequiredService<TestServiceHandlers>();
        _app.MapGrpcService(TestMethods.Service)
            .Unary<EchoRequest, EchoResponse>("Echo", EchoRequest.Parser, Handlers.Echo)
            .ClientStreaming<EchoRequest, EchoResponse>("Sum", EchoRequest.Parser, Handlers.Sum)
            .ServerStreaming<EchoRequest, EchoResponse>("Repeat", EchoRequest.Parser, Handlers.Repeat)
            .DuplexStreaming<EchoRequest, EchoResponse>("Chat", EchoRequest.Parser, Handlers.Chat);
        MapExtras(_app);
        _app.MapGrpcFallback();
        await _app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        Http2Address = new Uri(addresses[0]);
        Http1Address = new Uri(addresses[1]);
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Http2Address, options);

    /// <summary>Errors logged by the host other than the ones a test provoked on purpose.</summary>
    public IReadOnlyList<string> UnexpectedErrors() =>
        Logs.Entries
            .Where(e => e.Level >= LogLevel.Error && !(e.Exception is InvalidOperationException { Message: "secret internal detail" }))
            .Select(e => $"{e.Category} [{e.EventId}] {e.Message} {e.Exception}")
            .ToArray();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await _app.DisposeAsync();
        }
    }

    private void ConfigureHealth(IServiceCollection services) =>
        services.AddGrpcHealth(options =>
        {
            options.WatchInterval = TimeSpan.FromMilliseconds(20);
            options.AddProbe("unhealthy", _ => Task.FromResult(false));
            options.AddProbe("toggle", _ => Task.FromResult(HealthToggle));
            options.AddProbe("throws", _ => throw new InvalidOperationException("probe broke"));
        });

    private static void MapExtras(WebApplication app)
    {
        app.MapGrpcHealth();
        app.MapGrpcReflection(TestServiceReflection.Descriptor, global::Grpc.Health.V1.HealthReflection.Descriptor);
    }
}
