using NodeManager.Agent.Conditions;
using NodeManager.Agent.Facts;
using NodeManager.Contracts.V1;

namespace NodeManager.Agent.Tests.Conditions;

/// <summary>Thresholds as a table: free percentage → the condition reported (only conditions that hold).</summary>
public sealed class ConditionEvaluatorTests
{
    private static readonly NetworkInterfaceFacts Up = new("eth0", "aa:bb:cc:dd:ee:ff", "up", true, false, []);

    [Theory]
    [InlineData(50, null)]
    [InlineData(20, null)]
    [InlineData(19.9, ConditionSeverity.Warning)]
    [InlineData(10, ConditionSeverity.Warning)]
    [InlineData(9.9, ConditionSeverity.Critical)]
    [InlineData(0, ConditionSeverity.Critical)]
    public void Evaluate_MemoryAvailablePercent_MemoryPressure(double availablePercent, ConditionSeverity? expected)
    {
        var memory = new MemoryInfo(1000_000, (long)(availablePercent * 10_000));
        var conditions = ConditionEvaluator.Evaluate(memory, new DiskUsage(100, 100), Up, new ConditionThresholds());
        AssertOnly(conditions, ConditionEvaluator.MemoryPressure, expected);
    }

    [Theory]
    [InlineData(50, null)]
    [InlineData(10, null)]
    [InlineData(9.99, ConditionSeverity.Warning)]
    [InlineData(5, ConditionSeverity.Warning)]
    [InlineData(4.99, ConditionSeverity.Critical)]
    public void Evaluate_DiskFreePercent_DiskPressure(double freePercent, ConditionSeverity? expected)
    {
        var disk = new DiskUsage(1000_000, (long)(freePercent * 10_000));
        var conditions = ConditionEvaluator.Evaluate(new MemoryInfo(100, 100), disk, Up, new ConditionThresholds());
        AssertOnly(conditions, ConditionEvaluator.DiskPressure, expected);
    }

    [Theory]
    [InlineData("up", true, null)]
    [InlineData("unknown", true, null)]
    [InlineData("unknown", null, null)]
    [InlineData("up", false, ConditionSeverity.Critical)]
    [InlineData("down", null, ConditionSeverity.Critical)]
    [InlineData("lowerlayerdown", false, ConditionSeverity.Critical)]
    public void Evaluate_PrimaryLink_NicLinkDown(string operstate, bool? carrier, ConditionSeverity? expected)
    {
        var nic = Up with { OperState = operstate, Carrier = carrier };
        var conditions = ConditionEvaluator.Evaluate(new MemoryInfo(100, 100), new DiskUsage(100, 100), nic, new ConditionThresholds());
        AssertOnly(conditions, ConditionEvaluator.NicLinkDown, expected);
    }

    [Fact]
    public void Evaluate_ConfiguredThresholds_Used()
    {
        var thresholds = new ConditionThresholds { MemoryWarningPercent = 60, MemoryCriticalPercent = 40 };
        var conditions = ConditionEvaluator.Evaluate(new MemoryInfo(100, 50), new DiskUsage(100, 100), Up, thresholds);
        AssertOnly(conditions, ConditionEvaluator.MemoryPressure, ConditionSeverity.Warning);
    }

    [Fact]
    public void Evaluate_UnreadableTotals_NoConditions()
    {
        Assert.Empty(ConditionEvaluator.Evaluate(default, default, null, new ConditionThresholds()));
    }

    [Fact]
    public void Validate_CriticalAboveWarningAndOutOfRange_EveryProblemReported()
    {
        var problems = new ConditionThresholds { MemoryCriticalPercent = 30, DiskWarningPercent = 101, DiskCriticalPercent = double.NaN }.Validate().ToList();
        Assert.Contains(problems, p => p.Contains("MemoryCriticalPercent (30)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("DiskWarningPercent is 101", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("DiskCriticalPercent is NaN", StringComparison.Ordinal));
    }

    private static void AssertOnly(List<ReportedCondition> conditions, string type, ConditionSeverity? expected)
    {
        if (expected is null)
        {
            Assert.Empty(conditions);
            return;
        }

        var condition = Assert.Single(conditions);
        Assert.Equal(type, condition.Type);
        Assert.True(condition.Status);
        Assert.Equal(expected, condition.Severity);
        Assert.NotEmpty(condition.Reason);
        Assert.NotEmpty(condition.Message);
    }
}
