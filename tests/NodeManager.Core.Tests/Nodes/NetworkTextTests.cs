using NodeManager.Core.Nodes;

namespace NodeManager.Core.Tests.Nodes;

public sealed class NetworkTextTests
{
    [Theory]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("192.168.100.200", "192.168.100.200")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("::1", "::1")]
    [InlineData("::", "::")]
    [InlineData("FE80::1", "fe80::1")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1")]
    public void TryCanonicalIp_ValidAddress_ReturnsCanonicalText(string text, string expected)
    {
        Assert.True(NetworkText.TryCanonicalIp(text, out var canonical));
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.04")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.256")]
    [InlineData("1000.1.1.1")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("1..3.4")]
    [InlineData("1.2.3.")]
    [InlineData("-1.2.3.4")]
    [InlineData("+1.2.3.4")]
    [InlineData("0x1.2.3.4")]
    [InlineData("a.b.c.d")]
    [InlineData("1.2.3.4/24")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%2")]
    [InlineData("2001:db8::g")]
    [InlineData("2001:db8:::1")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData(":")]
    [InlineData("localhost")]
    public void TryCanonicalIp_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(NetworkText.TryCanonicalIp(text, out var canonical));
        Assert.Equal("", canonical);
    }

    [Theory]
    [InlineData("2001:db8::1/64")]
    [InlineData(" 2001:db8::1")]
    [InlineData("2001:db8::1 ")]
    public void TryCanonicalIp_Ipv6WithDecorations_ReturnsFalse(string text)
    {
        Assert.False(NetworkText.TryCanonicalIp(text, out _));
    }

    [Fact]
    public void TryCanonicalIp_BracketedIpv6OrEndpoint_ReturnsFalse()
    {
        Assert.False(NetworkText.TryCanonicalIp("[2001:db8::1]", out _));
        Assert.False(NetworkText.TryCanonicalIp("[2001:db8::1]:8080", out _));
    }

    [Theory]
    [InlineData("aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff")]
    [InlineData("AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff")]
    [InlineData("aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("aabb.ccdd.eeff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("AABB.CCDD.EEFF", "aa:bb:cc:dd:ee:ff")]
    [InlineData("aabbccddeeff", "aa:bb:cc:dd:ee:ff")]
    [InlineData("AaBbCcDdEeFf", "aa:bb:cc:dd:ee:ff")]
    [InlineData("00:1b:2c:3d:4e:5f", "00:1b:2c:3d:4e:5f")]
    [InlineData("001b2c3d4e5f", "00:1b:2c:3d:4e:5f")]
    public void TryCanonicalMac_AcceptedFormat_ReturnsLowercaseColonForm(string text, string expected)
    {
        Assert.True(NetworkText.TryCanonicalMac(text, out var canonical));
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aa:bb:cc:dd:ee")]
    [InlineData("aa:bb:cc:dd:ee:ff:00")]
    [InlineData("aa:bb:cc:dd:ee:f")]
    [InlineData("aa:bb:cc:dd:ee:fff")]
    [InlineData("a:bb:cc:dd:ee:fff")]
    [InlineData("aabbccddeef")]
    [InlineData("aabbccddeeff0")]
    [InlineData("aabb.ccdd.eef")]
    [InlineData("aabb.ccdd.eeff.")]
    [InlineData("aab.bccdd.eeff")]
    [InlineData("aab..ccdd.eeff")]
    [InlineData("gg:bb:cc:dd:ee:ff")]
    [InlineData("aa:bb:cc:dd:ee:fg")]
    [InlineData("ggbbccddeeff")]
    [InlineData("aabb.ccdd.eefg")]
    [InlineData("aa:bb-cc:dd:ee:ff")]
    [InlineData("aa-bb:cc-dd:ee-ff")]
    [InlineData("aa:bb:cc:dd:ee-ff")]
    [InlineData("aa.bb.cc.dd.ee.ff")]
    [InlineData("aa bb cc dd ee ff")]
    [InlineData("aabb:ccdd:eeff")]
    [InlineData("aabb-ccdd-eeff")]
    [InlineData(" aa:bb:cc:dd:ee:ff")]
    [InlineData("+a:bb:cc:dd:ee:ff")]
    [InlineData("0x:bb:cc:dd:ee:ff")]
    public void TryCanonicalMac_WrongFormat_ReturnsFalse(string text)
    {
        Assert.False(NetworkText.TryCanonicalMac(text, out var canonical));
        Assert.Equal("", canonical);
    }

    public static TheoryData<string, bool> Hostnames => new()
    {
        { "node-1", true },
        { "a", true },
        { "1", false }, // all-numeric last label: an IP was meant (RFC 1123 §2.1)
        { "123", false },
        { "Node-1.Example.COM", true },
        { "rack1.dc-2.example.com", true },
        { "xn--bcher-kva.example", true },
        { new string('a', 63), true },
        { new string('a', 64), false },
        { new string('a', 63) + "." + new string('b', 63), true },
        { Name(253), true },
        { Name(254), false },
        { "", false },
        { "-node", false },
        { "node-", false },
        { "a.-b", false },
        { "a.b-", false },
        { "node_1", false },
        { "node 1", false },
        { " node", false },
        { "node.", false },
        { ".node", false },
        { "a..b", false },
        { "nöde", false },
        { "node:80", false },
        { "node/1", false },
        { "*.example.com", false },
    };

    [Theory]
    [MemberData(nameof(Hostnames))]
    public void IsHostname_Text_MatchesRfc1123(string text, bool expected)
    {
        Assert.Equal(expected, NetworkText.IsHostname(text));
    }

    [Fact]
    public void IsHostname_Boundaries_HaveExpectedLengths()
    {
        Assert.Equal(253, Name(253).Length);
        Assert.Equal(254, Name(254).Length);
        Assert.All(Name(254).Split('.'), label => Assert.InRange(label.Length, 1, 63));
    }

    /// <summary>A hostname of exactly <paramref name="length"/> characters made of labels of at most 63.</summary>
    private static string Name(int length)
    {
        var labels = new List<string>();
        var remaining = length;
        while (remaining > 0)
        {
            var take = Math.Min(63, remaining);
            if (remaining - take == 1)
            {
                take--;
            }

            labels.Add(new string('a', take));
            remaining -= take + 1;
        }

        return string.Join('.', labels);
    }
}
