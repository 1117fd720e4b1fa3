using NodeManager.Core.Errors;
using NodeManager.Core.Import;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Tests.Import;

public sealed class ImportPlannerTests
{
    private const string IdA = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string IdB = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string IdNew = "cccccccc-0000-4000-8000-000000000003";

    private static readonly Node NodeA = TestData.ExistingNode(
        IdA,
        TestData.Spec("web-1", "10.0.0.1", "aa:bb:cc:00:00:01") with { Labels = Sorted(("env", "prod")) },
        version: 3);

    private static readonly Node NodeB = TestData.ExistingNode(IdB, TestData.Spec("web-2", "10.0.0.2", "aa:bb:cc:00:00:02"), version: 7);

    private static readonly Node[] Registry = [NodeA, NodeB];

    /// <summary>One expected row outcome. <c>Holder</c> is a node id, or "@n" for the id planned for row n.</summary>
    private sealed record Expect(ImportAction Action, string? Field = null, string? Holder = null);

    private sealed record Scenario(ImportRow[] Rows, Expect[] Expected);

    private static readonly Dictionary<string, Scenario> Scenarios = new()
    {
        ["new row without id is created"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.3"))],
            [new(ImportAction.Create)]),
        ["new row with id is created under that id"] = new(
            [Row(2, IdNew, Raw("web-3", "10.0.0.3"))],
            [new(ImportAction.Create)]),
        ["row identical to registry matched by name is unchanged"] = new(
            [Row(2, "", Raw("web-1", "10.0.0.1", "aa:bb:cc:00:00:01", ("env", "prod")))],
            [new(ImportAction.Unchanged)]),
        ["row identical to registry in other spelling is unchanged"] = new(
            [Row(2, IdA.ToUpperInvariant(), Raw(" WEB-1 ", "10.0.0.1", "AABB.CC00.0001", ("env", "prod")))],
            [new(ImportAction.Unchanged)]),
        ["row differing in a label is an update"] = new(
            [Row(2, "", Raw("web-1", "10.0.0.1", "aa:bb:cc:00:00:01", ("env", "staging")))],
            [new(ImportAction.Update)]),
        ["row by id renamed to a free name is an update"] = new(
            [Row(2, IdA, Raw("web-1-renamed", "10.0.0.1", "aa:bb:cc:00:00:01", ("env", "prod")))],
            [new(ImportAction.Update)]),
        ["row by name moving to a free ip is an update"] = new(
            [Row(2, "", Raw("web-2", "10.0.0.20", "aa:bb:cc:00:00:02"))],
            [new(ImportAction.Update)]),
        ["invalid ip is reported with its field"] = new(
            [Row(2, "", Raw("web-3", "10.0.3"))],
            [new(ImportAction.Invalid, "ip")]),
        ["invalid id is reported with its field"] = new(
            [Row(2, "not-a-uuid", Raw("web-3", "10.0.0.3"))],
            [new(ImportAction.Invalid, "id")]),
        ["decode violation is reported"] = new(
            [new ImportRow(2, "", null, [new FieldViolation("agent_port", "not a number")])],
            [new(ImportAction.Invalid, "agent_port")]),
        ["duplicate name in file conflicts with the earlier row"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.3")), Row(3, "", Raw("WEB-3", "10.0.0.4"))],
            [new(ImportAction.Create), new(ImportAction.Conflict, "name", "@2")]),
        ["duplicate ip in file conflicts with the earlier row"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.3")), Row(3, IdNew, Raw("web-4", "10.0.0.3"))],
            [new(ImportAction.Create), new(ImportAction.Conflict, "ip", "@2")]),
        ["duplicate ipv6 in other spelling conflicts with the earlier row"] = new(
            [Row(2, "", Raw("web-3", "2001:db8::3")), Row(3, "", Raw("web-4", "2001:DB8:0:0:0:0:0:3"))],
            [new(ImportAction.Create), new(ImportAction.Conflict, "ip", "@2")]),
        ["duplicate mac in file conflicts with the earlier row"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.3", "02:00:00:00:00:03")), Row(3, "", Raw("web-4", "10.0.0.4", "0200.0000.0003"))],
            [new(ImportAction.Create), new(ImportAction.Conflict, "mac", "@2")]),
        ["rows without mac do not clash on the empty mac"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.3")), Row(3, "", Raw("web-4", "10.0.0.4"))],
            [new(ImportAction.Create), new(ImportAction.Create)]),
        ["new row taking an existing ip conflicts with that node"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.1"))],
            [new(ImportAction.Conflict, "ip", IdA)]),
        ["new row taking an existing mac conflicts with that node"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.3", "AA:BB:CC:00:00:02"))],
            [new(ImportAction.Conflict, "mac", IdB)]),
        ["new id with an existing name conflicts with that node"] = new(
            [Row(2, IdNew, Raw("web-1", "10.0.0.3"))],
            [new(ImportAction.Conflict, "name", IdA)]),
        ["existing node renamed to another node's name conflicts"] = new(
            [Row(2, IdA, Raw("web-2", "10.0.0.1", "aa:bb:cc:00:00:01"))],
            [new(ImportAction.Conflict, "name", IdB)]),
        ["existing node moving to another node's ip conflicts"] = new(
            [Row(2, "", Raw("web-1", "10.0.0.2", "aa:bb:cc:00:00:01"))],
            [new(ImportAction.Conflict, "ip", IdB)]),
        ["swapping ips of two nodes in one file conflicts twice"] = new(
            [Row(2, "", Raw("web-1", "10.0.0.2", "aa:bb:cc:00:00:01")), Row(3, "", Raw("web-2", "10.0.0.1", "aa:bb:cc:00:00:02"))],
            [new(ImportAction.Conflict, "ip", IdB), new(ImportAction.Conflict, "ip", IdA)]),
        ["new id given twice conflicts on id"] = new(
            [Row(2, IdNew, Raw("web-3", "10.0.0.3")), Row(3, IdNew, Raw("web-4", "10.0.0.4"))],
            [new(ImportAction.Create), new(ImportAction.Conflict, "id", IdNew)]),
        ["existing id given twice conflicts on id"] = new(
            [Row(2, IdB, Raw("web-2", "10.0.0.2", "aa:bb:cc:00:00:02")), Row(3, IdB, Raw("web-2", "10.0.0.2", "aa:bb:cc:00:00:02"))],
            [new(ImportAction.Unchanged), new(ImportAction.Conflict, "id", IdB)]),
        ["existing node named by id then by name conflicts on id"] = new(
            [Row(2, IdB, Raw("web-2", "10.0.0.2", "aa:bb:cc:00:00:02")), Row(3, "", Raw("web-2", "10.0.0.22", "aa:bb:cc:00:00:02"))],
            [new(ImportAction.Unchanged), new(ImportAction.Conflict, "id", IdB)]),
        ["invalid row claims nothing"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.3") with { AgentPort = -1 }), Row(3, "", Raw("web-3", "10.0.0.3"))],
            [new(ImportAction.Invalid, "agent_port"), new(ImportAction.Create)]),
        ["conflicting row claims nothing"] = new(
            [Row(2, "", Raw("web-3", "10.0.0.1")), Row(3, "", Raw("web-3", "10.0.0.3"))],
            [new(ImportAction.Conflict, "ip", IdA), new(ImportAction.Create)]),
    };

    public static TheoryData<string> ScenarioNames => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Plan_Scenario_YieldsExpectedRowActions(string name)
    {
        var scenario = Scenarios[name];

        var plan = ImportPlanner.Plan(scenario.Rows, Registry, TestData.Now);

        Assert.Equal(scenario.Rows.Select(r => r.Row), plan.Rows.Select(r => r.Row));
        for (var i = 0; i < scenario.Expected.Length; i++)
        {
            var (expected, actual) = (scenario.Expected[i], plan.Rows[i]);
            Assert.Equal(expected.Action, actual.Action);
            if (expected.Action is ImportAction.Create or ImportAction.Update or ImportAction.Unchanged)
            {
                Assert.Empty(actual.Violations);
                Assert.Null(actual.ConflictingNodeId);
                Assert.NotNull(actual.Id);
                continue;
            }

            Assert.Equal(expected.Field, Assert.Single(actual.Violations).Field);
            var holder = expected.Holder is null ? (Guid?)null
                : expected.Holder.StartsWith('@') ? plan.Rows.Single(r => r.Row == int.Parse(expected.Holder[1..])).Id
                : Guid.Parse(expected.Holder);
            Assert.Equal(holder, actual.ConflictingNodeId);
            if (holder is { } id)
            {
                Assert.Contains(id.ToString("D"), actual.Violations[0].Description);
            }
        }

        Assert.Equal(plan.Count(ImportAction.Create), plan.Creates.Count);
        Assert.Equal(plan.Count(ImportAction.Update), plan.Updates.Count);
        Assert.Equal(scenario.Expected.Any(e => e.Action is ImportAction.Conflict or ImportAction.Invalid), plan.HasFailures);
    }

    [Fact]
    public void Plan_NewRows_CreateRegisteredNodesAtVersionOne()
    {
        var plan = ImportPlanner.Plan(
            [Row(2, "", Raw(" Web-3 ", "10.0.0.3", "AA-BB-CC-00-00-03")), Row(3, IdNew, Raw("web-4", "10.0.0.4"))],
            Registry,
            TestData.Now);

        Assert.Equal(2, plan.Creates.Count);
        Assert.Empty(plan.Updates);
        Assert.All(plan.Creates, node =>
        {
            Assert.Equal((1L, LifecycleState.Registered, TestData.Now, TestData.Now), (node.Version, node.LifecycleState, node.CreateTime, node.UpdateTime));
            Assert.NotEqual(Guid.Empty, node.Id);
        });
        Assert.Equal(("web-3", "aa:bb:cc:00:00:03"), (plan.Creates[0].Spec.Name, plan.Creates[0].Spec.Mac));
        Assert.Equal(plan.Rows[0].Id, plan.Creates[0].Id);
        Assert.Equal(Guid.Parse(IdNew), plan.Creates[1].Id);
        Assert.DoesNotContain(plan.Creates[0].Id, new[] { NodeA.Id, NodeB.Id, Guid.Parse(IdNew) });
    }

    [Fact]
    public void Plan_ChangedRow_BumpsVersionAndExpectsTheOldOne()
    {
        var plan = ImportPlanner.Plan([Row(2, "", Raw("web-1", "10.0.0.1", "aa:bb:cc:00:00:01", ("env", "staging")))], Registry, TestData.Now);

        var update = Assert.Single(plan.Updates);
        Assert.Equal(NodeA.Version, update.ExpectedVersion);
        Assert.Equal(NodeA.Version + 1, update.Node.Version);
        Assert.Equal(NodeA.Id, update.Node.Id);
        Assert.Equal(NodeA.LifecycleState, update.Node.LifecycleState);
        Assert.Equal((NodeA.CreateTime, TestData.Now), (update.Node.CreateTime, update.Node.UpdateTime));
        Assert.Equal("staging", update.Node.Spec.Labels["env"]);
        Assert.Equal(NodeA.Id, plan.Rows[0].Id);
    }

    [Fact]
    public void Plan_RenamedById_UpdateCarriesNewName()
    {
        var plan = ImportPlanner.Plan([Row(2, IdA, Raw("Web-1-New", "10.0.0.1", "aa:bb:cc:00:00:01", ("env", "prod")))], Registry, TestData.Now);

        var update = Assert.Single(plan.Updates);
        Assert.Equal((NodeA.Id, "web-1-new", 4L, 3L), (update.Node.Id, update.Node.Spec.Name, update.Node.Version, update.ExpectedVersion));
    }

    [Fact]
    public void Plan_InvalidRow_ReportsRowNumberNameAndEveryField()
    {
        var plan = ImportPlanner.Plan([Row(7, "bogus", Raw("bad_name", "1.2.3") with { Mac = "xx" })], Registry, TestData.Now);

        var row = Assert.Single(plan.Rows);
        Assert.Equal((7, ImportAction.Invalid, "bad_name"), (row.Row, row.Action, row.Name));
        Assert.Equal(new[] { "id", "name", "ip", "mac" }, row.Violations.Select(v => v.Field));
        Assert.Empty(plan.Creates);
        Assert.True(plan.HasFailures);
    }

    [Fact]
    public void Plan_SameFileAgainAfterApplying_IsAllUnchanged()
    {
        ImportRow[] file =
        [
            Row(2, "", Raw("Web-3", "2001:DB8::3", "02-00-00-00-00-03", ("rack", "r1"), ("env", "prod"))),
            Row(3, IdNew, Raw("web-4", "10.0.0.4")),
            Row(4, "", Raw("WEB-1", "10.0.0.1", "aabb.cc00.0001", ("env", "staging"))),
            Row(5, IdB.ToUpperInvariant(), Raw("web-2", "10.0.0.2", "aa:bb:cc:00:00:02")),
            Row(6, "", Raw("web-5", "10.0.0.5") with
            {
                Devices = [new NodeDevice(DeviceKind.Fpga, "u250", 2, new Dictionary<string, string> { ["slot"] = "1" })],
            }),
        ];

        var first = ImportPlanner.Plan(file, Registry, TestData.Now);
        Assert.Equal(
            new[] { ImportAction.Create, ImportAction.Create, ImportAction.Update, ImportAction.Unchanged, ImportAction.Create },
            first.Rows.Select(r => r.Action));

        var updated = first.Updates.ToDictionary(u => u.Node.Id, u => u.Node);
        var applied = Registry.Select(n => updated.GetValueOrDefault(n.Id, n)).Concat(first.Creates).ToList();
        var second = ImportPlanner.Plan(file, applied, TestData.Now.AddMinutes(5));

        Assert.All(second.Rows, r => Assert.Equal(ImportAction.Unchanged, r.Action));
        Assert.Empty(second.Creates);
        Assert.Empty(second.Updates);
        Assert.False(second.HasFailures);
        Assert.Equal(first.Rows.Select(r => r.Id), second.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Plan_EmptyFile_IsEmptyPlan()
    {
        var plan = ImportPlanner.Plan([], Registry, TestData.Now);

        Assert.Empty(plan.Rows);
        Assert.False(plan.HasFailures);
    }

    private static ImportRow Row(int row, string id, NodeSpec raw) => new(row, id, raw, []);

    private static NodeSpec Raw(string name, string ip, string mac = "", params (string Key, string Value)[] labels) =>
        TestData.Spec(name, ip, mac) with { Labels = labels.ToDictionary(l => l.Key, l => l.Value) };

    private static SortedDictionary<string, string> Sorted(params (string Key, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value), StringComparer.Ordinal);
}
