using Microsoft.Extensions.Configuration;
using NodeManager.Agent.Hosting;

namespace NodeManager.Agent.Tests.Hosting;

public sealed class AgentCommandLineTests
{
    [Fact]
    public void Normalize_ShortOptionsAndLabels_BindToOptions()
    {
        var args = AgentCommandLine.Normalize(
            ["--server", "http://nm:5081", "--agent-port=50052", "--label", "rack=r12", "--label=role=compute", "--NodeManagerAgent:Thresholds:DiskWarningPercent=15", "--interface", "eth1"]);
        var options = new AgentOptions();
        new ConfigurationBuilder().AddCommandLine(args).Build().GetSection(AgentOptions.Section).Bind(options);

        Assert.Equal("http://nm:5081", options.Server);
        Assert.Equal(50052, options.AgentPort);
        Assert.Equal("eth1", options.Interface);
        Assert.Equal(new Dictionary<string, string> { ["rack"] = "r12", ["role"] = "compute" }, options.Labels);
        Assert.Equal(15, options.Thresholds.DiskWarningPercent);
    }

    [Theory]
    [InlineData("--label", "norack")]
    [InlineData("--label", "=x")]
    public void Normalize_LabelWithoutKeyValue_Explains(string option, string value)
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AgentCommandLine.Normalize([option, value]));
        Assert.Contains("key=value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_OptionWithoutValue_Explains()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AgentCommandLine.Normalize(["--server"]));
        Assert.Contains("--server needs a value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ManyProblems_AllReportedAtOnce()
    {
        var options = new AgentOptions
        {
            Server = "nm:5081",
            AgentPort = 70000,
            Listen = "everywhere",
            StateDir = "/proc/cannot-create",
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(1),
        };
        var problems = AgentOptionsValidator.Validate(options);
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("NodeManagerAgent:Server", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("NodeManagerAgent:AgentPort", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("NodeManagerAgent:Listen", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("NodeManagerAgent:StateDir", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("NodeManagerAgent:ReconnectMaxDelay", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_ServerRepeatedAndCommaSeparated_OneListInOrder()
    {
        var options = Bind(AgentCommandLine.Normalize(
            ["--server", "http://nm-1:5081", "--agent-port=50052", "--server=http://nm-2:5081,http://nm-3:5081", "--server", "https://nm-4:5443"]));

        Assert.Equal("http://nm-1:5081,http://nm-2:5081,http://nm-3:5081,https://nm-4:5443", options.Server);
        Assert.Equal(4, ServerEndpoints.Split(options.Server).Count);
        Assert.Equal(50052, options.AgentPort);
        Assert.DoesNotContain(AgentOptionsValidator.Validate(options), p => p.Contains("Server", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_OneServer_BindsAsBefore()
    {
        var options = Bind(AgentCommandLine.Normalize(["--server=http://nm:5081"]));

        Assert.Equal("http://nm:5081", options.Server);
    }

    [Fact]
    public void Bind_ServerAsArrayInConfiguration_ReadAsList()
    {
        // appsettings.json "Server": ["http://nm-1:5081", "http://nm-2:5081"], or NodeManagerAgent__Server__0=..., __1=...
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NodeManagerAgent:Server:0"] = "http://nm-1:5081",
            ["NodeManagerAgent:Server:1"] = "http://nm-2:5081",
        }).Build();

        Assert.Equal("http://nm-1:5081,http://nm-2:5081", AgentOptions.Bind(configuration).Server);
    }

    [Fact]
    public void Validate_BadUrlsAmongSeveral_EachNamed()
    {
        var options = new AgentOptions { Server = "http://nm-1:5081, nm-2:5081 ,ftp://nm-3,http://nm-4:5081", StateDir = Path.GetTempPath() };

        var problems = AgentOptionsValidator.Validate(options).Where(p => p.StartsWith("NodeManagerAgent:Server", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("'nm-2:5081' is not an http:// or https:// URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'ftp://nm-3'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoServer_Explains()
    {
        var problems = AgentOptionsValidator.Validate(new AgentOptions { Server = " , ", StateDir = Path.GetTempPath() });

        Assert.Contains(problems, p => p.StartsWith("NodeManagerAgent:Server is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_BadUrlOnTheCommandLine_ConfigurationErrorNamesIt()
    {
        var ex = Assert.Throws<AgentConfigurationException>(() => AgentApp.Create(
            ["--server", "http://nm-1:5081", "--server", "http://nm-2:5081,nm 3", "--state-dir", Path.GetTempPath(), $"--contentRoot={Path.GetTempPath()}"]));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("NodeManagerAgent:Server 'nm 3' is not an http:// or https:// URL; e.g. --server=http://nodemanager:5081.", problem);
    }

    [Fact]
    public void Help_NamesEveryOption()
    {
        foreach (var option in new[] { "--server", "--agent-port", "--listen", "--state-dir", "--interface", "--management-address", "--label", "Thresholds", "FailoverJitter" })
        {
            Assert.Contains(option, AgentCommandLine.Help, StringComparison.Ordinal);
        }
    }

    private static AgentOptions Bind(string[] args) => AgentOptions.Bind(new ConfigurationBuilder().AddCommandLine(args).Build());
}
