using NodeManager.Core.Labels;

namespace NodeManager.Core.Tests.Labels;

public sealed class LabelRulesTests
{
    public static TheoryData<string, bool> Keys => new()
    {
        { "env", true },
        { "a", true },
        { "9", true },
        { "Env_Name-1.x", true },
        { "app.kubernetes.io/name", true },
        { "example.com/GPU", true },
        { "a-b.c1/x", true },
        { new string('k', 63), true },
        { new string('p', 63) + "." + new string('p', 63) + "/k", true },
        { string.Join('.', Enumerable.Repeat(new string('p', 63), 3)) + "." + new string('p', 61) + "/k", true },
        { "", false },
        { "/", false },
        { "env/", false },
        { "/env", false },
        { "-env", false },
        { "env-", false },
        { "_env", false },
        { "env.", false },
        { "en v", false },
        { "env=", false },
        { "énv", false },
        { new string('k', 64), false },
        { "Example.com/k", false },
        { "example_com/k", false },
        { "-example.com/k", false },
        { "example..com/k", false },
        { "a/b/c", false },
        { string.Join('.', Enumerable.Repeat(new string('p', 63), 3)) + "." + new string('p', 62) + "/k", false },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void CheckKey_Key_ReturnsNullOnlyWhenValid(string key, bool valid)
    {
        var error = LabelRules.CheckKey(key);

        Assert.Equal(valid, error is null);
    }

    public static TheoryData<string, bool> Values => new()
    {
        { "", true },
        { "prod", true },
        { "PROD", true },
        { "1", true },
        { "v1.2_3-rc", true },
        { new string('v', 63), true },
        { new string('v', 64), false },
        { "-prod", false },
        { "prod-", false },
        { ".prod", false },
        { "pr od", false },
        { " prod", false },
        { "a/b", false },
        { "a=b", false },
        { "a,b", false },
        { "prød", false },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void CheckValue_Value_ReturnsNullOnlyWhenValid(string value, bool valid)
    {
        var error = LabelRules.CheckValue(value);

        Assert.Equal(valid, error is null);
    }
}
