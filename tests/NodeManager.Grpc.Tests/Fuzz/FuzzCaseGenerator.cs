using System.Buffers;
using Google.Protobuf;
using NodeManager.Grpc.Framing;
using NodeManager.Grpc.Tests.Infrastructure;
using NodeManager.Grpc.Tests.Protos;

namespace NodeManager.Grpc.Tests.Fuzz;

/// <summary>Random and mutated gRPC request bodies from a seeded <see cref="Random"/>.</summary>
internal sealed class FuzzCaseGenerator(Random random)
{
    private static readonly string[] Paths =
    [
        TestMethods.Service + "/Echo",
        TestMethods.Service + "/Sum",
        TestMethods.Service + "/Repeat",
        TestMethods.Service + "/Chat",
        "grpc.health.v1.Health/Check",
        "grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        "no.such.Service/Method",
    ];

    private static readonly string[] Messages = ["fuzz", "x", "", "status", "héllo", "throw"];

    public FuzzCase Next()
    {
        var path = Paths[random.Next(Paths.Length)];
        var strategy = random.Next(9);
        return strategy switch
        {
            0 => new FuzzCase("random-bytes", path, RandomBytes(random.Next(0, 64))),
            1 => new FuzzCase("valid-frames", path, ValidFrames(random.Next(0, 4))),
            2 => new FuzzCase("mutated-byte", path, Mutate(ValidFrames(random.Next(1, 3)))),
            3 => new FuzzCase("bad-length", path, BadLength()),
            4 => new FuzzCase("bad-flag", path, BadFlag()),
            5 => new FuzzCase("truncated", path, Truncate(ValidFrames(random.Next(1, 3)))),
            6 => new FuzzCase("compressed-flag", path, CompressedFlag(), PickEncoding()),
            7 => new FuzzCase("gzip-frame", path, GzipFrame(mutate: random.Next(2) == 0), "gzip"),
            _ => new FuzzCase("reset-mid-stream", path, Truncate(ValidFrames(random.Next(1, 3))), ResetAfterBody: true),
        };
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private EchoRequest RandomRequest() => new()
    {
        Message = Messages[random.Next(Messages.Length)],
        Count = random.Next(-2, 4),
        StatusCode = random.Next(0, 20),
        StatusDetail = random.Next(2) == 0 ? string.Empty : "détail %",
        Payload = ByteString.CopyFrom(RandomBytes(random.Next(0, 32))),
    };

    private byte[] ValidFrames(int count)
    {
        var writer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < count; i++)
        {
            GrpcMessageWriter.WriteMessage(writer, RandomRequest(), maxMessageSize: null);
        }

        return writer.WrittenSpan.ToArray();
    }

    private byte[] Mutate(byte[] bytes)
    {
        for (var flips = random.Next(1, 4); flips > 0 && bytes.Length > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private byte[] BadLength()
    {
        var frame = ValidFrames(1);
        var length = random.Next(4) switch
        {
            0 => uint.MaxValue,
            1 => (uint)(4 * 1024 * 1024) + 1,
            2 => (uint)frame.Length + (uint)random.Next(1, 100),
            _ => (uint)random.Next(0, Math.Max(1, frame.Length - 5)),
        };
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length);
        return frame;
    }

    private byte[] BadFlag()
    {
        var frame = ValidFrames(1);
        frame[0] = (byte)random.Next(2, 256);
        return frame;
    }

    private byte[] Truncate(byte[] bytes) => bytes.AsSpan(0, random.Next(0, bytes.Length)).ToArray();

    private byte[] CompressedFlag()
    {
        var frame = ValidFrames(1);
        frame[0] = 1;
        return frame;
    }

    private string? PickEncoding() => random.Next(4) switch
    {
        0 => null,
        1 => "identity",
        2 => "gzip",
        _ => "snappy",
    };

    private byte[] GzipFrame(bool mutate)
    {
        var writer = new ArrayBufferWriter<byte>();
        GrpcMessageWriter.WriteMessage(writer, RandomRequest(), maxMessageSize: null, gzip: true);
        var bytes = writer.WrittenSpan.ToArray();
        if (mutate && bytes.Length > 5)
        {
            bytes[5 + random.Next(bytes.Length - 5)] ^= (byte)random.Next(1, 256);
        }

        return bytes;
    }
}
