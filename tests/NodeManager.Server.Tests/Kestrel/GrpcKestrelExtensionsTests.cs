using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NodeManager.Server.Kestrel;

namespace NodeManager.Server.Tests.Kestrel;

public class GrpcKestrelExtensionsTests
{
    [Fact]
    public void ConfigureGrpcKestrel_EmptyConfiguration_AppliesDefaults()
    {
        var kestrel = new KestrelServerOptions();

        kestrel.ConfigureGrpcKestrel(new ConfigurationBuilder().Build());

        var defaults = new GrpcKestrelOptions();
        Assert.Equal(defaults.MaxStreamsPerConnection, kestrel.Limits.Http2.MaxStreamsPerConnection);
        Assert.Equal(defaults.InitialConnectionWindowSize, kestrel.Limits.Http2.InitialConnectionWindowSize);
        Assert.Equal(defaults.InitialStreamWindowSize, kestrel.Limits.Http2.InitialStreamWindowSize);
        Assert.Equal(defaults.KeepAlivePingDelay, kestrel.Limits.Http2.KeepAlivePingDelay);
        Assert.Equal(defaults.KeepAlivePingTimeout, kestrel.Limits.Http2.KeepAlivePingTimeout);
    }

    [Fact]
    public void ConfigureGrpcKestrel_ConfiguredValues_AreApplied()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NodeManager:Grpc:MaxStreamsPerConnection"] = "2500",
            ["NodeManager:Grpc:InitialStreamWindowSize"] = "131072",
            ["NodeManager:Grpc:KeepAlivePingDelay"] = "00:01:00",
        }).Build();
        var kestrel = new KestrelServerOptions();

        kestrel.ConfigureGrpcKestrel(configuration);

        Assert.Equal(2500, kestrel.Limits.Http2.MaxStreamsPerConnection);
        Assert.Equal(131072, kestrel.Limits.Http2.InitialStreamWindowSize);
        Assert.Equal(TimeSpan.FromMinutes(1), kestrel.Limits.Http2.KeepAlivePingDelay);
    }

    [Fact]
    public void ConfigureGrpcKestrel_InvalidValues_ThrowsListingEveryFailure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NodeManager:Grpc:MaxStreamsPerConnection"] = "0",
            ["NodeManager:Grpc:InitialConnectionWindowSize"] = "10",
        }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => new KestrelServerOptions().ConfigureGrpcKestrel(configuration));

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("MaxStreamsPerConnection", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("InitialConnectionWindowSize", StringComparison.Ordinal));
    }
}
