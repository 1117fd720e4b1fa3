using System.Diagnostics.CodeAnalysis;

namespace NodeManager.Grpc.Internal;

/// <summary>Throws kept out of hot methods so they stay small and inlinable.</summary>
internal static class GrpcThrowHelper
{
    [DoesNotReturn]
    public static void ThrowRpc(StatusCode code, string detail) => throw new RpcException(code, detail);

    [DoesNotReturn]
    public static void ThrowRpc(Status status) => throw new RpcException(status);

    [DoesNotReturn]
    public static void ThrowReceivedMessageTooLarge(long length, int limit) =>
        throw new RpcException(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({length} > {limit} bytes).");

    [DoesNotReturn]
    public static void ThrowSendMessageTooLarge(long length, int limit) =>
        throw new RpcException(StatusCode.ResourceExhausted, $"Sending message exceeds the maximum configured message size ({length} > {limit} bytes).");

    [DoesNotReturn]
    public static void ThrowInvalidCompressedFlag(byte flag) =>
        throw new RpcException(StatusCode.Internal, $"Invalid compressed flag value {flag} in message header.");

    [DoesNotReturn]
    public static void ThrowIncompleteMessage() =>
        throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a length-prefixed message.");

    [DoesNotReturn]
    public static void ThrowCompressedWithoutEncoding() =>
        throw new RpcException(StatusCode.Internal, "Received a compressed message but no grpc-encoding was negotiated.");

    [DoesNotReturn]
    public static void ThrowUnsupportedEncoding(string encoding) =>
        throw new RpcException(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {GrpcProtocolConstants.SupportedEncodings}.");

    [DoesNotReturn]
    public static void ThrowInvalidCompressedData(Exception inner) =>
        throw new RpcException(new Status(StatusCode.Internal, "Could not decompress message.", inner));

    [DoesNotReturn]
    public static void ThrowDeserializeFailed(Exception inner) =>
        throw new RpcException(new Status(StatusCode.Internal, "Failed to deserialize message.", inner));

    [DoesNotReturn]
    public static void ThrowConcurrentWrite() =>
        throw new InvalidOperationException("Can't write the message because the previous write is in progress.");
}
