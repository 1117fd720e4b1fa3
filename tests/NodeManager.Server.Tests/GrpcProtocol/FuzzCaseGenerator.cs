using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using NodeManager.Contracts.V1;

namespace NodeManager.Server.Tests.GrpcProtocol;

/// <summary>
/// Random and mutated request bodies for NodeManager's methods from a seeded <see cref="Random"/>: the same seed
/// gives the same cases in the same order. Valid messages aim at <paramref name="nodeId"/> now and then, so some
/// calls get past validation into the handlers.
/// </summary>
internal sealed class FuzzCaseGenerator(Random random, string nodeId)
{
    /// <summary>8 MiB of zeros, gzip-compressed once (8 KiB): twice the limit once inflated.</summary>
    private static readonly Lazy<byte[]> SmallZipBomb = new(() => RawGrpc.GzipFrame(new byte[2 * RawGrpc.MaxMessageSize]));

    private static readonly string[] Encodings = ["identity", "gzip", "deflate", "snappy", "GZIP", ""];

    private static readonly string[] Strings = ["", "x", "fuzz", "héllo", "not-a-uuid", "ALLCAPS_name", "\0", "env=prod", "!!bad((", new string('a', 300)];

    public FuzzCase Next()
    {
        var path = GrpcMethods.All[random.Next(GrpcMethods.All.Length)];
        var timeout = GrpcMethods.TimeoutFor(path) ?? (random.Next(10) == 0 ? "100m" : null);
        return random.Next(13) switch
        {
            0 => new FuzzCase("random-bytes", path, RandomBytes(random.Next(0, 64)), Timeout: timeout),
            1 => new FuzzCase("valid-frames", path, ValidFrames(path, random.Next(0, 4)), Timeout: timeout),
            2 => new FuzzCase("mutated-byte", path, Mutate(ValidFrames(path, random.Next(1, 3))), Timeout: timeout),
            3 => new FuzzCase("bad-length", path, BadLength(path), Timeout: timeout),
            4 => new FuzzCase("bad-flag", path, BadFlag(path), Timeout: timeout),
            5 => new FuzzCase("truncated", path, Truncate(ValidFrames(path, random.Next(1, 3))), Timeout: timeout),
            6 => new FuzzCase("compressed-flag", path, CompressedFlag(path), PickEncoding(), timeout),
            7 => new FuzzCase("gzip-frame", path, GzipFrame(path, mutate: random.Next(2) == 0), "gzip", timeout),
            8 => new FuzzCase("garbage-protobuf", path, RawGrpc.Frame(RandomBytes(random.Next(1, 48))), Timeout: timeout),
            9 => new FuzzCase("length-over-limit", path, OverLimit(), Timeout: timeout),
            10 => new FuzzCase("unknown-encoding", path, ValidFrames(path, 1), Encodings[random.Next(Encodings.Length)], timeout),
            11 => new FuzzCase("zip-bomb", path, SmallZipBomb.Value, "gzip", timeout),
            _ => new FuzzCase("reset-mid-stream", path, Truncate(ValidFrames(path, random.Next(1, 3))), Timeout: timeout, Reset: true),
        };
    }

    /// <summary>A well-formed request message for the method at <paramref name="path"/>, with random (often invalid) field values.</summary>
    public IMessage ValidMessage(string path)
    {
        if (path == GrpcMethods.GetNode)
        {
            return new GetNodeRequest { Id = PickId() };
        }

        if (path == GrpcMethods.CreateNode)
        {
            return new CreateNodeRequest
            {
                Node = random.Next(8) == 0 ? null : new Node
                {
                    Name = random.Next(3) == 0 ? PickString() : $"fuzz-{random.Next(100_000)}",
                    Ip = random.Next(4) == 0 ? PickString() : $"10.{random.Next(100, 200)}.{random.Next(256)}.{random.Next(1, 255)}",
                    Labels = { ["fuzz"] = random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
            };
        }

        if (path == GrpcMethods.WatchNodes)
        {
            return new WatchNodesRequest
            {
                AfterRevision = random.Next(4) switch { 0 => 0, 1 => -1, 2 => long.MaxValue, _ => random.Next(1, 100) },
                LabelSelector = random.Next(2) == 0 ? string.Empty : PickString(),
                ExcludeHealth = random.Next(2) == 0,
                FromNow = random.Next(3) == 0,
            };
        }

        if (path == GrpcMethods.StreamHeartbeats)
        {
            return new Heartbeat { NodeId = PickId(), Seq = (ulong)random.NextInt64(), Goodbye = random.Next(6) == 0 };
        }

        if (path == GrpcMethods.ServerReflectionInfo)
        {
            return random.Next(4) switch
            {
                0 => new ServerReflectionRequest { ListServices = PickString() },
                1 => new ServerReflectionRequest { FileContainingSymbol = random.Next(2) == 0 ? NodeService.Descriptor.FullName : PickString() },
                2 => new ServerReflectionRequest { FileByFilename = random.Next(2) == 0 ? "nodemanager/v1/node.proto" : PickString() },
                _ => new ServerReflectionRequest(),
            };
        }

        return new HealthCheckRequest { Service = random.Next(2) == 0 ? NodeService.Descriptor.FullName : PickString() };
    }

    private string PickId() => random.Next(3) switch
    {
        0 => nodeId,
        1 => new Guid(RandomBytes(16)).ToString(),
        _ => PickString(),
    };

    private string PickString() => Strings[random.Next(Strings.Length)];

    private string? PickEncoding() => random.Next(4) == 0 ? null : Encodings[random.Next(Encodings.Length)];

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] ValidFrames(string path, int count)
    {
        var frames = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            frames.AddRange(RawGrpc.Frame(ValidMessage(path)));
        }

        return [.. frames];
    }

    private byte[] Mutate(byte[] bytes)
    {
        for (var flips = random.Next(1, 4); flips > 0 && bytes.Length > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private byte[] BadLength(string path)
    {
        var frame = ValidFrames(path, 1);
        var length = random.Next(4) switch
        {
            0 => uint.MaxValue,
            1 => (uint)RawGrpc.MaxMessageSize + 1,
            2 => (uint)frame.Length + (uint)random.Next(1, 100),
            _ => (uint)random.Next(0, Math.Max(1, frame.Length - 5)),
        };
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length);
        return frame;
    }

    private byte[] BadFlag(string path)
    {
        var frame = ValidFrames(path, 1);
        frame[0] = (byte)random.Next(2, 256);
        return frame;
    }

    private byte[] Truncate(byte[] bytes) => bytes.AsSpan(0, random.Next(0, bytes.Length)).ToArray();

    private byte[] CompressedFlag(string path)
    {
        var frame = ValidFrames(path, 1);
        frame[0] = 1;
        return frame;
    }

    private byte[] GzipFrame(string path, bool mutate)
    {
        var frame = RawGrpc.GzipFrame(ValidMessage(path));
        if (mutate && frame.Length > 5)
        {
            frame[5 + random.Next(frame.Length - 5)] ^= (byte)random.Next(1, 256);
        }

        return frame;
    }

    /// <summary>A header claiming more than the limit (up to int.MaxValue), followed by a few bytes only.</summary>
    private byte[] OverLimit() => RawGrpc.Frame(RandomBytes(random.Next(0, 16)), 0, (uint)random.NextInt64(RawGrpc.MaxMessageSize + 1L, int.MaxValue + 1L));
}
