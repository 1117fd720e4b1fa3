using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc.Framing;

/// <summary>Writes length-prefixed messages straight into an <see cref="IBufferWriter{T}"/>.</summary>
public static class GrpcMessageWriter
{
    /// <summary>
    /// Serializes <paramref name="message"/> as one frame. Throws RESOURCE_EXHAUSTED if it is larger than
    /// <paramref name="maxMessageSize"/>; with <paramref name="gzip"/> the payload is gzip-compressed and flagged.
    /// </summary>
    public static void WriteMessage<T>(IBufferWriter<byte> output, T message, int? maxMessageSize, bool gzip = false)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        if (maxMessageSize is { } limit && size > limit)
        {
            GrpcThrowHelper.ThrowSendMessageTooLarge(size, limit);
        }

        if (!gzip)
        {
            var span = output.GetSpan(GrpcFrame.HeaderSize + size);
            WriteHeader(span, compressed: false, size);
            message.WriteTo(span.Slice(GrpcFrame.HeaderSize, size));
            output.Advance(GrpcFrame.HeaderSize + size);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, size));
        try
        {
            message.WriteTo(buffer.AsSpan(0, size));
            using var compressed = GzipMessageCompression.Compress(buffer.AsSpan(0, size));
            var payload = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
            var span = output.GetSpan(GrpcFrame.HeaderSize + payload.Length);
            WriteHeader(span, compressed: true, payload.Length);
            payload.CopyTo(span[GrpcFrame.HeaderSize..]);
            output.Advance(GrpcFrame.HeaderSize + payload.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the 5-byte header.</summary>
    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }
}
