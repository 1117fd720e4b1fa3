using System.Buffers;

namespace NodeManager.Grpc.Framing;

/// <summary>One length-prefixed message: the compressed flag and the (still encoded) payload.</summary>
public readonly struct GrpcFrame
{
    /// <summary>Compressed-Flag (1 byte) + Message-Length (4 bytes, big-endian).</summary>
    public const int HeaderSize = 5;

    public GrpcFrame(bool isCompressed, ReadOnlySequence<byte> payload)
    {
        IsCompressed = isCompressed;
        Payload = payload;
    }

    public bool IsCompressed { get; }

    public ReadOnlySequence<byte> Payload { get; }
}
