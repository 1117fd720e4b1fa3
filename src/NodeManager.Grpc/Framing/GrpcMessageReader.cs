using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc.Framing;

/// <summary>Reads and parses messages from a <see cref="PipeReader"/> (a request or response body).</summary>
public static class GrpcMessageReader
{
    /// <summary>
    /// Reads the next message. Returns null at a clean end of stream (between messages); a stream that ends
    /// inside a message → INTERNAL. Invalid frames throw <see cref="RpcException"/> (see <see cref="GrpcFrameReader"/>).
    /// </summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(
        PipeReader reader,
        MessageParser<T> parser,
        MessageReadOptions options,
        CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(parser);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (TryTakeMessage(reader, result, parser, options, out var message))
            {
                return message;
            }
        }
    }

    /// <summary>
    /// One step of reading: takes the next message out of <paramref name="result"/> (a read of
    /// <paramref name="reader"/>) and advances the reader past it. Returns true with the message, or true with
    /// null at a clean end of stream; false when more bytes are needed (the reader is advanced to examine them
    /// all, so the next read waits for more). A stream that ends inside a message → INTERNAL.
    /// </summary>
    public static bool TryTakeMessage<T>(PipeReader reader, in ReadResult result, MessageParser<T> parser, MessageReadOptions options, out T? message)
        where T : class, IMessage<T>
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The read was canceled.");
        }

        var buffer = result.Buffer;
        var consumed = buffer.Start;
        var examined = buffer.End;
        try
        {
            if (GrpcFrameReader.TryReadFrame(ref buffer, options.MaxMessageSize, out var frame))
            {
                consumed = buffer.Start;
                examined = consumed;
                message = Parse(frame, parser, options);
                return true;
            }

            if (result.IsCompleted)
            {
                consumed = buffer.End;
                if (buffer.Length == 0)
                {
                    message = null;
                    return true;
                }

                GrpcThrowHelper.ThrowIncompleteMessage();
            }

            message = null;
            return false;
        }
        finally
        {
            reader.AdvanceTo(consumed, examined);
        }
    }

    /// <summary>Decompresses (if flagged) and parses one frame's payload.</summary>
    public static T Parse<T>(in GrpcFrame frame, MessageParser<T> parser, MessageReadOptions options)
        where T : IMessage<T>
    {
        if (!frame.IsCompressed)
        {
            return ParseCore(frame.Payload, parser);
        }

        if (options.Encoding is null || string.Equals(options.Encoding, GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            GrpcThrowHelper.ThrowCompressedWithoutEncoding();
        }

        if (!GrpcProtocolConstants.IsGzip(options.Encoding))
        {
            GrpcThrowHelper.ThrowUnsupportedEncoding(options.Encoding);
        }

        var decompressed = GzipMessageCompression.Decompress(frame.Payload, options.MaxMessageSize, out var length);
        try
        {
            return ParseCore(new ReadOnlySequence<byte>(decompressed, 0, length), parser);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decompressed);
        }
    }

    private static T ParseCore<T>(in ReadOnlySequence<byte> payload, MessageParser<T> parser)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            GrpcThrowHelper.ThrowDeserializeFailed(ex);
            throw;
        }
    }
}
