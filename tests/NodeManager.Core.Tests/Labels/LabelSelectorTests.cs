using NodeManager.Core.Labels;

namespace NodeManager.Core.Tests.Labels;

public sealed class LabelSelectorTests
{
    public static TheoryData<string, string> Parsed => new()
    {
        { "env=prod", "env Equals [prod]" },
        { "env==prod", "env Equals [prod]" },
        { "env!=prod", "env NotEquals [prod]" },
        { "env=", "env Equals []" },
        { "env!=", "env NotEquals []" },
        { "rack in (r1,r2)", "rack In [r1|r2]" },
        { "rack notin (r1, r2)", "rack NotIn [r1|r2]" },
        { "rack in(r1)", "rack In [r1]" },
        { "rack notin(r1)", "rack NotIn [r1]" },
        { "gpu", "gpu Exists []" },
        { "!gpu", "gpu DoesNotExist []" },
        { "app.kubernetes.io/name=web", "app.kubernetes.io/name Equals [web]" },
        { "env=prod,rack in (r1,r2),!draining", "env Equals [prod] & rack In [r1|r2] & draining DoesNotExist []" },
        { "  env = prod ,  rack  in  ( r1 , r2 ) , ! draining ", "env Equals [prod] & rack In [r1|r2] & draining DoesNotExist []" },
        { "env==prod,env!=dev", "env Equals [prod] & env NotEquals [dev]" },
        { "rack notin (r1,r2),gpu", "rack NotIn [r1|r2] & gpu Exists []" },
    };

    [Theory]
    [MemberData(nameof(Parsed))]
    public void TryParse_ValidSelector_ReturnsRequirements(string text, string expected)
    {
        Assert.True(LabelSelector.TryParse(text, out var selector, out var error), error);
        Assert.Null(error);
        Assert.Equal(expected, Describe(selector));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_NoText_ReturnsEverything(string? text)
    {
        Assert.True(LabelSelector.TryParse(text, out var selector, out var error));
        Assert.Null(error);
        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(new Dictionary<string, string> { ["any"] = "thing" }));
    }

    [Theory]
    [InlineData("=prod")]
    [InlineData("==prod")]
    [InlineData("!=prod")]
    [InlineData("!")]
    [InlineData("a,,b")]
    [InlineData("env=prod,")]
    [InlineData(",env=prod")]
    [InlineData("env=prod,,rack=r1")]
    [InlineData("Bad Key=x")]
    [InlineData("-env=prod")]
    [InlineData("en$v=prod")]
    [InlineData("Example.com/env=prod")]
    [InlineData("env=a=b")]
    [InlineData("env=pr od")]
    [InlineData("env=-prod")]
    [InlineData("env=prod!")]
    [InlineData("env=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv")]
    [InlineData("rack in (r1,vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv)")]
    [InlineData("rack in r1")]
    [InlineData("rack in (r1")]
    [InlineData("rack in (r1,r2")]
    [InlineData("rack notin r1,r2)")]
    [InlineData("rack in (r1,-r2)")]
    [InlineData("in (r1)")]
    [InlineData(" in (r1)")]
    [InlineData("!gpu=x")]
    [InlineData("g pu")]
    public void TryParse_InvalidSelector_ReturnsError(string text)
    {
        Assert.False(LabelSelector.TryParse(text, out var selector, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Same(LabelSelector.Everything, selector);
    }

    [Fact]
    public void TryParse_InvalidTerm_ErrorNamesTheTerm()
    {
        Assert.False(LabelSelector.TryParse("env=prod,rack in (r1,-r2)", out _, out var error));
        Assert.Contains("rack in (r1,-r2)", error);
    }

    [Fact]
    public void TryParse_EmptySet_ReturnsError()
    {
        Assert.False(LabelSelector.TryParse("rack in ()", out _, out var error));
        Assert.Contains("at least one value", error);
        Assert.False(LabelSelector.TryParse("rack notin ( )", out _, out _));
    }

    public static TheoryData<string, string, bool> Matching => new()
    {
        { "env=prod", "env=prod", true },
        { "env=prod", "env=dev", false },
        { "env=prod", "", false },
        { "env=prod", "env=Prod", false },
        { "env==prod", "env=prod,rack=r1", true },
        { "env!=prod", "env=prod", false },
        { "env!=prod", "env=dev", true },
        { "env!=prod", "", true },
        { "env=", "env=", true },
        { "env=", "", false },
        { "env=", "env=prod", false },
        { "rack in (r1,r2)", "rack=r1", true },
        { "rack in (r1,r2)", "rack=r2", true },
        { "rack in (r1,r2)", "rack=r3", false },
        { "rack in (r1,r2)", "", false },
        { "rack notin (r1,r2)", "rack=r1", false },
        { "rack notin (r1,r2)", "rack=r3", true },
        { "rack notin (r1,r2)", "", true },
        { "gpu", "gpu=", true },
        { "gpu", "gpu=a100", true },
        { "gpu", "env=prod", false },
        { "!gpu", "gpu=a100", false },
        { "!gpu", "gpu=", false },
        { "!gpu", "env=prod", true },
        { "env=prod,rack in (r1,r2),!draining", "env=prod,rack=r1", true },
        { "env=prod,rack in (r1,r2),!draining", "env=prod,rack=r2,draining=true", false },
        { "env=prod,rack in (r1,r2),!draining", "env=prod,rack=r3", false },
        { "env=prod,rack in (r1,r2),!draining", "rack=r1", false },
    };

    [Theory]
    [MemberData(nameof(Matching))]
    public void Matches_Labels_FollowsKubernetesSemantics(string text, string labels, bool expected)
    {
        Assert.True(LabelSelector.TryParse(text, out var selector, out var error), error);

        Assert.Equal(expected, selector.Matches(ParseLabels(labels)));
    }

    private static Dictionary<string, string> ParseLabels(string text) =>
        text.Length == 0
            ? []
            : text.Split(',').Select(pair => pair.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);

    private static string Describe(LabelSelector selector) =>
        string.Join(" & ", selector.Requirements.Select(r => $"{r.Key} {r.Operator} [{string.Join('|', r.Values)}]"));
}
