using NodeManager.Core.Nodes;
using NodeManager.Core.Storage;

namespace NodeManager.Core.Tests.Storage;

public sealed class UniqueKeysTests
{
    private const string Self = "00000000-0000-4000-8000-00000000000c";
    private const string Other1 = "00000000-0000-4000-8000-000000000001";
    private const string Other2 = "00000000-0000-4000-8000-000000000002";

    private static readonly NodeSpec Candidate = TestData.Spec("web-1", "10.0.0.1", "aa:bb:cc:00:00:01");

    /// <summary>Others are "id|name|ip|mac"; a mac of "null" stands for a SQL NULL.</summary>
    public static TheoryData<string, string[], bool, string?, string?> Cases => new()
    {
        { "no others", [], false, null, null },
        { "unrelated other", [$"{Other1}|web-9|10.0.0.9|aa:bb:cc:00:00:09"], false, null, null },
        { "same name", [$"{Other1}|web-1|10.0.0.9|aa:bb:cc:00:00:09"], false, "name", Other1 },
        { "same ip", [$"{Other1}|web-9|10.0.0.1|aa:bb:cc:00:00:09"], false, "ip", Other1 },
        { "same mac", [$"{Other1}|web-9|10.0.0.9|aa:bb:cc:00:00:01"], false, "mac", Other1 },
        { "one other, name beats ip and mac", [$"{Other1}|web-1|10.0.0.1|aa:bb:cc:00:00:01"], false, "name", Other1 },
        { "one other, ip beats mac", [$"{Other1}|web-9|10.0.0.1|aa:bb:cc:00:00:01"], false, "ip", Other1 },
        {
            "name on a later row beats ip on an earlier one",
            [$"{Other1}|web-9|10.0.0.1|null", $"{Other2}|web-1|10.0.0.8|null"], false, "name", Other2
        },
        {
            "ip on a later row beats mac on an earlier one",
            [$"{Other1}|web-9|10.0.0.9|aa:bb:cc:00:00:01", $"{Other2}|web-8|10.0.0.1|null"], false, "ip", Other2
        },
        {
            "first of two equal-rank clashes wins",
            [$"{Other1}|web-9|10.0.0.1|null", $"{Other2}|web-8|10.0.0.1|null"], false, "ip", Other1
        },
        { "self excluded", [$"{Self}|web-1|10.0.0.1|aa:bb:cc:00:00:01"], false, null, null },
        {
            "self excluded, other still found",
            [$"{Self}|web-1|10.0.0.1|aa:bb:cc:00:00:01", $"{Other1}|web-9|10.0.0.9|aa:bb:cc:00:00:01"], false, "mac", Other1
        },
        { "self with checkId is an id clash", [$"{Self}|web-0|10.0.0.0|null"], true, "id", Self },
        {
            "id beats name",
            [$"{Other1}|web-1|10.0.0.9|null", $"{Self}|web-0|10.0.0.0|null"], true, "id", Self
        },
        { "checkId without self finds name", [$"{Other1}|web-1|10.0.0.9|null"], true, "name", Other1 },
        { "null mac never clashes", [$"{Other1}|web-9|10.0.0.9|null"], false, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FindConflict_Others_NamesFirstClashByPrecedence(string scenario, string[] others, bool checkId, string? field, string? otherId)
    {
        var conflict = UniqueKeys.FindConflict(Guid.Parse(Self), Candidate, others.Select(Parse), checkId);

        Assert.True(field == conflict?.Field, $"{scenario}: expected {field ?? "none"}, got {conflict?.Field ?? "none"}");
        if (field is not null)
        {
            Assert.Equal(Guid.Parse(otherId!), conflict!.OtherNodeId);
            var expectedValue = field switch { "id" => Self, "name" => Candidate.Name, "ip" => Candidate.Ip, _ => Candidate.Mac };
            Assert.Equal(expectedValue, conflict.Value);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void FindConflict_CandidateWithoutMac_IgnoresEmptyOrNullMac(string? otherMac)
    {
        var candidate = Candidate with { Mac = "" };

        var conflict = UniqueKeys.FindConflict(Guid.Parse(Self), candidate, [(Guid.Parse(Other1), "web-9", "10.0.0.9", otherMac)], checkId: false);

        Assert.Null(conflict);
    }

    private static (Guid Id, string Name, string Ip, string? Mac) Parse(string row)
    {
        var parts = row.Split('|');
        return (Guid.Parse(parts[0]), parts[1], parts[2], parts[3] == "null" ? null : parts[3]);
    }
}
