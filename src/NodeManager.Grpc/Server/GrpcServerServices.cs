using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NodeManager.Grpc;

/// <summary>What every call handler needs, resolved once from DI.</summary>
internal sealed class GrpcServerServices
{
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly HashSet<string> _methods = new(StringComparer.Ordinal);

    public GrpcServerServices(IOptions<GrpcServerOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        Options = options.Value;
        Logger = loggerFactory.CreateLogger("NodeManager.Grpc.Server");
        TimeProvider = timeProvider;
    }

    public GrpcServerOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider TimeProvider { get; }

    public void RegisterMethod(string service, string method)
    {
        lock (_methods)
        {
            if (!_methods.Add($"/{service}/{method}"))
            {
                throw new InvalidOperationException($"gRPC method '/{service}/{method}' is mapped twice.");
            }

            _services.Add(service);
        }
    }

    public bool IsKnownService(string service)
    {
        lock (_methods)
        {
            return _services.Contains(service);
        }
    }
}
