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
    public void Help_NamesEveryOption()
    {
        foreach (var option in new[] { "--server", "--agent-port", "--listen", "--state-dir", "--interface", "--management-address", "--label", "Thresholds" })
        {
            Assert.Contains(option, AgentCommandLine.Help, StringComparison.Ordinal);
        }
    }
}
