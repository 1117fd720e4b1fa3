using NodeManager.Core.Errors;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Tests.Nodes;

public sealed class NodeSpecValidatorTests
{
    private static readonly NodeSpec Valid = new()
    {
        Name = " Web-01.Example.COM ",
        Ip = "2001:DB8:0:0:0:0:0:1",
        DataPathIp = "10.1.0.7",
        Mac = "AA-BB-CC-DD-EE-FF",
        HostDvrMac = "0011.2233.4455",
        Veth = "veth0",
        ManagementAddress = "10.9.0.7",
        AgentPort = 7070,
        SerialNumber = "SN-12345",
        Location = new NodeLocation("eu-west", "eu-west-1a", "r12", "u07"),
        Labels = new Dictionary<string, string> { ["zone"] = "a", ["env"] = "prod", ["app.kubernetes.io/name"] = "web" },
        Capacity = new NodeCapacity(64_000, 256L << 30, 4L << 40),
        Devices = [new NodeDevice(DeviceKind.Gpu, "A100", 4, new Dictionary<string, string> { ["memory"] = "80Gi" })],
    };

    [Fact]
    public void Validate_ValidSpec_ReturnsCanonicalForm()
    {
        var violations = new List<FieldViolation>();

        var spec = NodeSpecValidator.Validate(Valid, violations);

        Assert.Empty(violations);
        Assert.NotNull(spec);
        Assert.Equal("web-01.example.com", spec.Name);
        Assert.Equal("2001:db8::1", spec.Ip);
        Assert.Equal("10.1.0.7", spec.DataPathIp);
        Assert.Equal("aa:bb:cc:dd:ee:ff", spec.Mac);
        Assert.Equal("00:11:22:33:44:55", spec.HostDvrMac);
        Assert.Equal("10.9.0.7", spec.ManagementAddress);
        Assert.Equal(new[] { "app.kubernetes.io/name", "env", "zone" }, spec.Labels.Keys);
        Assert.Equal(Valid.Location, spec.Location);
        Assert.Equal(Valid.Capacity, spec.Capacity);
        Assert.Equal(Valid.Devices, spec.Devices);
        Assert.Equal(spec, NodeSpecValidator.Validate(spec, []));
    }

    [Theory]
    [InlineData("2001:db8::0:1", "2001:db8::1")]
    [InlineData(" 10.9.0.7 ", "10.9.0.7")]
    [InlineData("bmc-07.example.com", "bmc-07.example.com")]
    [InlineData("", "")]
    public void Validate_ManagementAddress_IsCanonical(string text, string expected)
    {
        var spec = NodeSpecValidator.Validate(Valid with { ManagementAddress = text }, []);

        Assert.Equal(expected, spec?.ManagementAddress);
    }

    [Fact]
    public void Validate_MinimalSpec_LeavesOptionalFieldsEmpty()
    {
        var spec = NodeSpecValidator.Validate(new NodeSpec { Name = "n1", Ip = "10.0.0.1" }, []);

        Assert.NotNull(spec);
        Assert.Equal(("", "", "", "", 0), (spec.Mac, spec.HostDvrMac, spec.DataPathIp, spec.ManagementAddress, spec.AgentPort));
        Assert.Empty(spec.Labels);
    }

    [Fact]
    public void Validate_EarlierViolationsInList_DoNotFailValidSpec()
    {
        var violations = new List<FieldViolation> { new("id", "from an earlier check") };

        var spec = NodeSpecValidator.Validate(Valid, violations);

        Assert.NotNull(spec);
        Assert.Single(violations);
    }

    public static TheoryData<string, string> InvalidFields => new()
    {
        { "name empty", "name" },
        { "name blank", "name" },
        { "name leading hyphen", "name" },
        { "name underscore", "name" },
        { "name label of 64", "name" },
        { "name of 254", "name" },
        { "ip empty", "ip" },
        { "ip three parts", "ip" },
        { "ip zone id", "ip" },
        { "ip hostname", "ip" },
        { "data_path_ip leading zero", "data_path_ip" },
        { "mac five octets", "mac" },
        { "mac mixed separators", "mac" },
        { "host_dvr_mac bad hex", "host_dvr_mac" },
        { "veth 16 characters", "veth" },
        { "veth space", "veth" },
        { "veth slash", "veth" },
        { "management_address underscore", "management_address" },
        { "management_address url", "management_address" },
        { "agent_port negative", "agent_port" },
        { "agent_port 65536", "agent_port" },
        { "serial_number 129", "serial_number" },
        { "serial_number newline", "serial_number" },
        { "location.rack 64", "location.rack" },
        { "location.rack tab", "location.rack" },
        { "label bad key", "labels[Bad Key]" },
        { "label bad prefix", "labels[Example.com/app]" },
        { "label bad value", "labels[env]" },
        { "label value 64", "labels[env]" },
        { "too many labels", "labels" },
        { "cpu negative", "capacity.cpu_milli_cores" },
        { "memory negative", "capacity.memory_bytes" },
        { "storage negative", "capacity.storage_bytes" },
        { "device kind unspecified", "devices[0].kind" },
        { "device kind undefined", "devices[0].kind" },
        { "device count zero", "devices[0].count" },
        { "device count negative", "devices[0].count" },
        { "device attribute empty key", "devices[0].attributes[]" },
        { "too many devices", "devices" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void Validate_OneInvalidField_ReportsExactlyThatField(string scenario, string field)
    {
        var violations = new List<FieldViolation>();

        var spec = NodeSpecValidator.Validate(Break(scenario), violations);

        Assert.Null(spec);
        var violation = Assert.Single(violations);
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
    }

    [Fact]
    public void Validate_SeveralInvalidFields_ReportsAllAtOnce()
    {
        var raw = Valid with
        {
            Name = "bad_name",
            Ip = "1.2.3",
            Mac = "aa:bb",
            AgentPort = 70000,
            Location = Valid.Location with { Rack = new string('r', 64) },
            Labels = new Dictionary<string, string> { ["env"] = "-prod" },
            Devices = [new NodeDevice(DeviceKind.Unspecified, "x", 0, new Dictionary<string, string>())],
        };
        var violations = new List<FieldViolation>();

        Assert.Null(NodeSpecValidator.Validate(raw, violations));
        Assert.Equal(
            new[] { "name", "ip", "mac", "agent_port", "location.rack", "labels[env]", "devices[0].kind", "devices[0].count" },
            violations.Select(v => v.Field));
    }

    [Fact]
    public void Validate_VethThatLinuxRejects_ReportsVeth()
    {
        foreach (var veth in new[] { ".", "..", "eth0:1" })
        {
            var violations = new List<FieldViolation>();
            NodeSpecValidator.Validate(Valid with { Veth = veth }, violations);
            Assert.Equal("veth", Assert.Single(violations).Field);
        }
    }

    [Fact]
    public void Validate_ManagementAddressLookingLikeBadIp_ReportsManagementAddress()
    {
        foreach (var text in new[] { "256.1.1.1", "01.2.3.4" })
        {
            var violations = new List<FieldViolation>();
            NodeSpecValidator.Validate(Valid with { ManagementAddress = text }, violations);
            Assert.Equal("management_address", Assert.Single(violations).Field);
        }
    }

    private static NodeSpec Break(string scenario) => scenario switch
    {
        "name empty" => Valid with { Name = "" },
        "name blank" => Valid with { Name = "   " },
        "name leading hyphen" => Valid with { Name = "-web" },
        "name underscore" => Valid with { Name = "web_01" },
        "name label of 64" => Valid with { Name = new string('a', 64) + ".example.com" },
        "name of 254" => Valid with { Name = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('a', 62) },
        "ip empty" => Valid with { Ip = "" },
        "ip three parts" => Valid with { Ip = "10.0.1" },
        "ip zone id" => Valid with { Ip = "fe80::1%eth0" },
        "ip hostname" => Valid with { Ip = "web-01" },
        "data_path_ip leading zero" => Valid with { DataPathIp = "010.1.0.7" },
        "mac five octets" => Valid with { Mac = "aa:bb:cc:dd:ee" },
        "mac mixed separators" => Valid with { Mac = "aa:bb-cc:dd:ee:ff" },
        "host_dvr_mac bad hex" => Valid with { HostDvrMac = "zz:11:22:33:44:55" },
        "veth 16 characters" => Valid with { Veth = new string('v', 16) },
        "veth space" => Valid with { Veth = "veth 0" },
        "veth slash" => Valid with { Veth = "veth/0" },
        "management_address underscore" => Valid with { ManagementAddress = "bmc_07" },
        "management_address url" => Valid with { ManagementAddress = "https://bmc-07" },
        "agent_port negative" => Valid with { AgentPort = -1 },
        "agent_port 65536" => Valid with { AgentPort = 65536 },
        "serial_number 129" => Valid with { SerialNumber = new string('s', 129) },
        "serial_number newline" => Valid with { SerialNumber = "SN\n1" },
        "location.rack 64" => Valid with { Location = Valid.Location with { Rack = new string('r', 64) } },
        "location.rack tab" => Valid with { Location = Valid.Location with { Rack = "r\t12" } },
        "label bad key" => Valid with { Labels = new Dictionary<string, string> { ["Bad Key"] = "x" } },
        "label bad prefix" => Valid with { Labels = new Dictionary<string, string> { ["Example.com/app"] = "x" } },
        "label bad value" => Valid with { Labels = new Dictionary<string, string> { ["env"] = "prod!" } },
        "label value 64" => Valid with { Labels = new Dictionary<string, string> { ["env"] = new string('p', 64) } },
        "too many labels" => Valid with { Labels = Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", _ => "v") },
        "cpu negative" => Valid with { Capacity = Valid.Capacity with { CpuMilliCores = -1 } },
        "memory negative" => Valid with { Capacity = Valid.Capacity with { MemoryBytes = -1 } },
        "storage negative" => Valid with { Capacity = Valid.Capacity with { StorageBytes = -1 } },
        "device kind unspecified" => WithDevice(DeviceKind.Unspecified, 1, "x"),
        "device kind undefined" => WithDevice((DeviceKind)99, 1, "x"),
        "device count zero" => WithDevice(DeviceKind.Fpga, 0, "x"),
        "device count negative" => WithDevice(DeviceKind.Fpga, -2, "x"),
        "device attribute empty key" => WithDevice(DeviceKind.Fpga, 1, ""),
        "too many devices" => Valid with
        {
            Devices = Enumerable.Repeat(new NodeDevice(DeviceKind.Gpu, "A100", 1, new Dictionary<string, string>()), 65).ToList(),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "no such scenario"),
    };

    private static NodeSpec WithDevice(DeviceKind kind, int count, string attributeKey) => Valid with
    {
        Devices = [new NodeDevice(kind, "model", count, new Dictionary<string, string> { [attributeKey] = "v" })],
    };
}
