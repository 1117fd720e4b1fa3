using System.Buffers;
using Google.Protobuf.WellKnownTypes;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc.Tests.Framing;

public class GrpcMessageWriterTests
{
    [Fact]
    public void WriteMessage_SmallMessage_WritesExactBytes()
    {
        var writer = new ArrayBufferWriter<byte>();

        GrpcMessageWriter.WriteMessage(writer, new StringValue { Value = "AB" }, maxMessageSize: null);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0x0A, 2, 0x41, 0x42 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteMessage_EmptyMessage_WritesHeaderOnly()
    {
        var writer = new ArrayBufferWriter<byte>();

        GrpcMessageWriter.WriteMessage(writer, new Empty(), maxMessageSize: null);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteMessage_OverSendLimit_ThrowsResourceExhaustedAndWritesNothing()
    {
        var writer = new ArrayBufferWriter<byte>();

        var ex = Assert.Throws<RpcException>(() => GrpcMessageWriter.WriteMessage(writer, new StringValue { Value = "too long" }, maxMessageSize: 3));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, writer.WrittenCount);
    }
}
