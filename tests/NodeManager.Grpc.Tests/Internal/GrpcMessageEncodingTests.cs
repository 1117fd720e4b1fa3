using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc.Tests.Internal;

public class GrpcMessageEncodingTests
{
    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100%", "100%25")]
    [InlineData("a\nb", "a%0Ab")]
    [InlineData("€", "%E2%82%AC")]
    [InlineData("", "")]
    public void Encode_Value_PercentEncodesPerSpec(string value, string expected)
    {
        Assert.Equal(expected, GrpcMessageEncoding.Encode(value));
    }

    [Theory]
    [InlineData("%E2%82%AC and 100%25", "€ and 100%")]
    [InlineData("bad %zz escape %", "bad %zz escape %")]
    [InlineData("%4", "%4")]
    public void Decode_Value_DecodesValidEscapesOnly(string value, string expected)
    {
        Assert.Equal(expected, GrpcMessageEncoding.Decode(value));
    }

    [Fact]
    public void EncodeDecode_NonAscii_RoundTrips()
    {
        const string value = "Grüße, 世界 — 100% \t done";

        Assert.Equal(value, GrpcMessageEncoding.Decode(GrpcMessageEncoding.Encode(value)));
    }
}
