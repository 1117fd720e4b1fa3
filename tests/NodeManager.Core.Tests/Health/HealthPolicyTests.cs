using NodeManager.Core.Health;

namespace NodeManager.Core.Tests.Health;

public sealed class HealthPolicyTests
{
    private static readonly Dictionary<string, Action<HealthPolicy>> BadValues = new()
    {
        ["HeartbeatInterval zero"] = p => p.HeartbeatInterval = TimeSpan.Zero,
        ["HeartbeatInterval negative"] = p => p.HeartbeatInterval = TimeSpan.FromSeconds(-5),
        ["GracePeriod zero"] = p => p.GracePeriod = TimeSpan.Zero,
        ["GracePeriod below the interval"] = p => p.GracePeriod = TimeSpan.FromSeconds(2),
        ["ProbeTimeout zero"] = p => p.ProbeTimeout = TimeSpan.Zero,
        ["DownAfter zero"] = p => p.DownAfter = TimeSpan.Zero,
        ["DownAfter equal to the grace"] = p => p.DownAfter = TimeSpan.FromSeconds(15),
        ["SweepInterval negative"] = p => p.SweepInterval = TimeSpan.FromSeconds(-1),
        ["StartupGrace negative"] = p => p.StartupGrace = TimeSpan.FromSeconds(-1),
        ["RecoveryHeartbeats zero"] = p => p.RecoveryHeartbeats = 0,
        ["DisruptionThreshold zero"] = p => p.DisruptionThreshold = 0,
        ["DisruptionThreshold above one"] = p => p.DisruptionThreshold = 1.5,
        ["DisruptionThreshold NaN"] = p => p.DisruptionThreshold = double.NaN,
        ["DisruptionMinNodes zero"] = p => p.DisruptionMinNodes = 0,
        ["MaxConcurrentProbes zero"] = p => p.MaxConcurrentProbes = 0,
    };

    [Fact]
    public void Defaults_MatchDesign()
    {
        var policy = new HealthPolicy();

        Assert.Equal(TimeSpan.FromSeconds(5), policy.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), policy.Grace);
        Assert.Equal(TimeSpan.FromSeconds(60), policy.DownAfter);
        Assert.Equal(TimeSpan.FromSeconds(15), policy.StartupGraceOrDefault);
        Assert.Equal(2, policy.RecoveryHeartbeats);
        Assert.Equal(0.5, policy.DisruptionThreshold);
        Assert.Equal(50, policy.DisruptionMinNodes);
    }

    [Fact]
    public void Grace_Unset_FollowsTheInterval()
    {
        var policy = new HealthPolicy { HeartbeatInterval = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromSeconds(30), policy.Grace);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.StartupGraceOrDefault);
    }

    [Fact]
    public void Validate_Defaults_NoProblems() => Assert.Empty(new HealthPolicy().Validate());

    [Fact]
    public void Validate_Boundaries_NoProblems() =>
        Assert.Empty(new HealthPolicy
        {
            GracePeriod = TimeSpan.FromSeconds(5),
            StartupGrace = TimeSpan.Zero,
            RecoveryHeartbeats = 1,
            DisruptionThreshold = 1,
            DisruptionMinNodes = 1,
            MaxConcurrentProbes = 1,
        }.Validate());

    [Theory]
    [InlineData("HeartbeatInterval zero", "HeartbeatInterval")]
    [InlineData("HeartbeatInterval negative", "HeartbeatInterval")]
    [InlineData("GracePeriod zero", "GracePeriod")]
    [InlineData("GracePeriod below the interval", "GracePeriod")]
    [InlineData("ProbeTimeout zero", "ProbeTimeout")]
    [InlineData("DownAfter zero", "DownAfter")]
    [InlineData("DownAfter equal to the grace", "DownAfter")]
    [InlineData("SweepInterval negative", "SweepInterval")]
    [InlineData("StartupGrace negative", "StartupGrace")]
    [InlineData("RecoveryHeartbeats zero", "RecoveryHeartbeats")]
    [InlineData("DisruptionThreshold zero", "DisruptionThreshold")]
    [InlineData("DisruptionThreshold above one", "DisruptionThreshold")]
    [InlineData("DisruptionMinNodes zero", "DisruptionMinNodes")]
    [InlineData("MaxConcurrentProbes zero", "MaxConcurrentProbes")]
    public void Validate_BadValue_MessageNamesItsKey(string bad, string key)
    {
        var policy = new HealthPolicy();
        BadValues[bad](policy);

        var problems = policy.Validate();

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith("NodeManager:Health:", p, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DisruptionThresholdNaN_MessageNamesItsKey()
    {
        var policy = new HealthPolicy();
        BadValues["DisruptionThreshold NaN"](policy);

        Assert.Contains(policy.Validate(), p => p.Contains("DisruptionThreshold", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEveryOneAtOnce()
    {
        var policy = new HealthPolicy
        {
            ProbeTimeout = TimeSpan.Zero,
            StartupGrace = TimeSpan.FromSeconds(-1),
            RecoveryHeartbeats = 0,
            DisruptionThreshold = 2,
        };

        var problems = policy.Validate();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("ProbeTimeout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("StartupGrace", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("RecoveryHeartbeats", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("DisruptionThreshold", StringComparison.Ordinal));
    }
}
