using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace NodeManager.Grpc.Tests.Server;

public class GrpcServerOptionsTests
{
    [Fact]
    public void AddGrpcWire_Defaults_AreDocumentedValues()
    {
        var options = Resolve(null);

        Assert.Equal(4 * 1024 * 1024, options.MaxReceiveMessageSize);
        Assert.Null(options.MaxSendMessageSize);
        Assert.False(options.EnableDetailedErrors);
        Assert.Null(options.ResponseCompressionAlgorithm);
    }

    [Fact]
    public void AddGrpcWire_InvalidOptions_ReportsEveryFailure()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(o =>
        {
            o.MaxReceiveMessageSize = 0;
            o.MaxSendMessageSize = -1;
            o.ResponseCompressionAlgorithm = "br";
        }));

        Assert.Equal(3, ex.Failures.Count());
    }

    private static GrpcServerOptions Resolve(Action<GrpcServerOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILoggerFactory), NullLoggerFactory.Instance);
        services.AddGrpcWire(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
    }
}
