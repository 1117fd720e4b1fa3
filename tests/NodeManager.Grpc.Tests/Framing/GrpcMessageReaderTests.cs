using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf.WellKnownTypes;
using NodeManager.Grpc.Framing;

namespace NodeManager.Grpc.Tests.Framing;

public class GrpcMessageReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly MessageReadOptions Options = new(1024, null);

    [Fact]
    public async Task ReadMessageAsync_FrameArrivesInPieces_WaitsThenParses()
    {
        var pipe = new Pipe();
        var frame = Frame(new StringValue { Value = "hello" });

        var read = GrpcMessageReader.ReadMessageAsync(pipe.Reader, StringValue.Parser, Options, CancellationToken.None).AsTask();
        foreach (var b in frame)
        {
            Assert.False(read.IsCompleted);
            await pipe.Writer.WriteAsync(new[] { b });
        }

        var message = await read.WaitAsync(Timeout);
        Assert.Equal("hello", message!.Value);
    }

    [Fact]
    public async Task ReadMessageAsync_SeveralFramesInOneWrite_ReturnsEachThenNull()
    {
        var pipe = new Pipe();
        var bytes = Frame(new StringValue { Value = "a" }).Concat(Frame(new StringValue())).Concat(Frame(new StringValue { Value = "c" })).ToArray();
        await pipe.Writer.WriteAsync(bytes);
        await pipe.Writer.CompleteAsync();

        var values = new List<string>();
        while (await GrpcMessageReader.ReadMessageAsync(pipe.Reader, StringValue.Parser, Options, CancellationToken.None).AsTask().WaitAsync(Timeout) is { } message)
        {
            values.Add(message.Value);
        }

        Assert.Equal(["a", "", "c"], values);
    }

    [Fact]
    public async Task ReadMessageAsync_StreamEndsInsideMessage_ThrowsInternal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0, 0, 10, 1, 2 });
        await pipe.Writer.CompleteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => GrpcMessageReader.ReadMessageAsync(pipe.Reader, StringValue.Parser, Options, CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task ReadMessageAsync_StreamEndsInsideHeader_ThrowsInternal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0 });
        await pipe.Writer.CompleteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => GrpcMessageReader.ReadMessageAsync(pipe.Reader, StringValue.Parser, Options, CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task ReadMessageAsync_OversizeHeader_ThrowsResourceExhaustedWithoutBody()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0, 0x10, 0x00 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => GrpcMessageReader.ReadMessageAsync(pipe.Reader, StringValue.Parser, Options, CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void Parse_CompressedWithoutEncoding_ThrowsInternal()
    {
        var frame = new GrpcFrame(true, new ReadOnlySequence<byte>(new byte[] { 1, 2, 3 }));

        var ex = Assert.Throws<RpcException>(() => GrpcMessageReader.Parse(frame, StringValue.Parser, new MessageReadOptions(1024, null)));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void Parse_CompressedWithUnsupportedEncoding_ThrowsUnimplemented()
    {
        var frame = new GrpcFrame(true, new ReadOnlySequence<byte>(new byte[] { 1, 2, 3 }));

        var ex = Assert.Throws<RpcException>(() => GrpcMessageReader.Parse(frame, StringValue.Parser, new MessageReadOptions(1024, "snappy")));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public void Parse_GarbageProtobuf_ThrowsInternal()
    {
        var frame = new GrpcFrame(false, new ReadOnlySequence<byte>(new byte[] { 0x0A, 0x7F, 0x01 }));

        var ex = Assert.Throws<RpcException>(() => GrpcMessageReader.Parse(frame, StringValue.Parser, Options));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void Parse_GzipFrame_RoundTrips()
    {
        var writer = new ArrayBufferWriter<byte>();
        var original = new StringValue { Value = new string('x', 500) };
        GrpcMessageWriter.WriteMessage(writer, original, maxMessageSize: null, gzip: true);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);

        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, 1024, out var frame));
        Assert.True(frame.IsCompressed);
        Assert.True(frame.Payload.Length < 500);
        var parsed = GrpcMessageReader.Parse(frame, StringValue.Parser, new MessageReadOptions(1024, "gzip"));

        Assert.Equal(original, parsed);
    }

    [Fact]
    public void Parse_GzipExpandsOverLimit_ThrowsResourceExhausted()
    {
        var writer = new ArrayBufferWriter<byte>();
        GrpcMessageWriter.WriteMessage(writer, new StringValue { Value = new string('x', 5000) }, maxMessageSize: null, gzip: true);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(GrpcFrameReader.TryReadFrame(ref buffer, 1024, out var frame));

        var ex = Assert.Throws<RpcException>(() => GrpcMessageReader.Parse(frame, StringValue.Parser, new MessageReadOptions(1024, "gzip")));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void Parse_InvalidGzipData_ThrowsInternal()
    {
        var frame = new GrpcFrame(true, new ReadOnlySequence<byte>(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }));

        var ex = Assert.Throws<RpcException>(() => GrpcMessageReader.Parse(frame, StringValue.Parser, new MessageReadOptions(1024, "gzip")));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    private static byte[] Frame(StringValue value)
    {
        var writer = new ArrayBufferWriter<byte>();
        GrpcMessageWriter.WriteMessage(writer, value, maxMessageSize: null);
        return writer.WrittenSpan.ToArray();
    }
}
