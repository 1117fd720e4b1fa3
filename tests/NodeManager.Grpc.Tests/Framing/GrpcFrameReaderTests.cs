using System.Buffers;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc.Tests.Framing;

public class GrpcFrameReaderTests
{
    private const int Limit = 1024;

    [Fact]
    public void TryReadFrame_EmptyBuffer_ReturnsFalse()
    {
        var buffer = ReadOnlySequence<byte>.Empty;

        Assert.False(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));
        Assert.Equal(0, buffer.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void TryReadFrame_PartialHeader_ReturnsFalseAndKeepsBytes(int length)
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 3 }.AsMemory(0, length));

        Assert.False(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));
        Assert.Equal(length, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_HeaderWithoutFullBody_ReturnsFalse()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 3, 0x41, 0x42 });

        Assert.False(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));
        Assert.Equal(7, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_CompleteFrame_ReturnsPayloadAndAdvances()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 3, 0x41, 0x42, 0x43 });

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var frame));
        Assert.False(frame.IsCompressed);
        Assert.Equal(new byte[] { 0x41, 0x42, 0x43 }, frame.Payload.ToArray());
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_ZeroLengthMessage_ReturnsEmptyPayload()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 0 });

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var frame));
        Assert.Equal(0, frame.Payload.Length);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_FrameSplitAcrossSegments_ReturnsWholePayload()
    {
        // Header split 2|3, body split across a third segment.
        var buffer = TestSequence.Create([0, 0], [0, 0, 4, 1], [2, 3, 4]);

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var frame));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, frame.Payload.ToArray());
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_SeveralFramesInOneBuffer_ReadsEachInOrder()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 1, 0xAA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0xBB, 0xCC, 0, 0 });

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var first));
        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var second));
        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var third));
        Assert.False(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));

        Assert.Equal(new byte[] { 0xAA }, first.Payload.ToArray());
        Assert.Equal(0, second.Payload.Length);
        Assert.Equal(new byte[] { 0xBB, 0xCC }, third.Payload.ToArray());
        Assert.Equal(2, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_LengthOverLimit_ThrowsResourceExhaustedBeforeBodyArrives()
    {
        // Only the header is present: the limit is checked before any payload is buffered.
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0x7F, 0xFF, 0xFF, 0xFF });

        var ex = Assert.Throws<RpcException>(() => GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void TryReadFrame_LengthAtLimit_Succeeds()
    {
        var bytes = new byte[5 + Limit];
        bytes[3] = Limit >> 8;
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var frame));
        Assert.Equal(Limit, frame.Payload.Length);
    }

    [Fact]
    public void TryReadFrame_LengthOfUInt32Max_ThrowsResourceExhausted()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0xFF, 0xFF, 0xFF, 0xFF });

        var ex = Assert.Throws<RpcException>(() => GrpcFrameReader.TryReadFrame(ref buffer, int.MaxValue, out _));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void TryReadFrame_InvalidFlag_ThrowsInternal(byte flag)
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { flag, 0, 0, 0, 0 });

        var ex = Assert.Throws<RpcException>(() => GrpcFrameReader.TryReadFrame(ref buffer, Limit, out _));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void TryReadFrame_CompressedFlag_ReportsCompressed()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 1, 0, 0, 0, 1, 9 });

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, Limit, out var frame));
        Assert.True(frame.IsCompressed);
    }
}
