using System.Buffers;
using System.Buffers.Binary;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc.Framing;

/// <summary>Parses length-prefixed gRPC messages out of a byte sequence.</summary>
public static class GrpcFrameReader
{
    /// <summary>
    /// Reads one frame from the front of <paramref name="buffer"/>. Returns false (and leaves the buffer alone)
    /// when bytes are missing. The flag and the length limit are checked as soon as the 5-byte header is
    /// present, before the payload is buffered. Invalid frames throw <see cref="RpcException"/>:
    /// a length over <paramref name="maxMessageSize"/> → RESOURCE_EXHAUSTED, a flag other than 0/1 → INTERNAL.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out GrpcFrame frame)
    {
        if (!TryReadHeader(buffer, out var flag, out var length))
        {
            frame = default;
            return false;
        }

        if (flag > 1)
        {
            GrpcThrowHelper.ThrowInvalidCompressedFlag(flag);
        }

        if (length > (uint)maxMessageSize)
        {
            GrpcThrowHelper.ThrowReceivedMessageTooLarge(length, maxMessageSize);
        }

        if (buffer.Length - GrpcFrame.HeaderSize < length)
        {
            frame = default;
            return false;
        }

        var payload = buffer.Slice(GrpcFrame.HeaderSize, length);
        frame = new GrpcFrame(flag == 1, payload);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out byte flag, out uint length)
    {
        if (buffer.Length < GrpcFrame.HeaderSize)
        {
            flag = 0;
            length = 0;
            return false;
        }

        var first = buffer.FirstSpan;
        if (first.Length >= GrpcFrame.HeaderSize)
        {
            flag = first[0];
            length = BinaryPrimitives.ReadUInt32BigEndian(first[1..]);
            return true;
        }

        Span<byte> header = stackalloc byte[GrpcFrame.HeaderSize];
        buffer.Slice(0, GrpcFrame.HeaderSize).CopyTo(header);
        flag = header[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        return true;
    }
}
