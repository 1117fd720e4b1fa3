using System.Buffers;
using System.IO.Compression;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc.Framing;

/// <summary>gzip message compression (grpc-encoding: gzip) with a decompressed-size limit.</summary>
internal static class GzipMessageCompression
{
    /// <summary>Decompresses into a pooled array; the caller returns it to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static byte[] Decompress(in ReadOnlySequence<byte> compressed, int maxMessageSize, out int length)
    {
        var input = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, compressed.Length));
        var output = ArrayPool<byte>.Shared.Rent(Math.Clamp((int)compressed.Length * 4, 256, Math.Max(256, maxMessageSize + 1)));
        try
        {
            compressed.CopyTo(input);
            using var source = new MemoryStream(input, 0, (int)compressed.Length, writable: false);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);
            length = 0;
            while (true)
            {
                if (length == output.Length)
                {
                    if (length > maxMessageSize)
                    {
                        GrpcThrowHelper.ThrowReceivedMessageTooLarge(length, maxMessageSize);
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)output.Length * 2, (long)maxMessageSize + 1));
                    output.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(output);
                    output = bigger;
                }

                var read = gzip.Read(output, length, output.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxMessageSize)
                {
                    GrpcThrowHelper.ThrowReceivedMessageTooLarge(length, maxMessageSize);
                }
            }

            return output;
        }
        catch (InvalidDataException ex)
        {
            ArrayPool<byte>.Shared.Return(output);
            GrpcThrowHelper.ThrowInvalidCompressedData(ex);
            throw;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(output);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    /// <summary>Compresses <paramref name="data"/>.</summary>
    public static MemoryStream Compress(ReadOnlySpan<byte> data)
    {
        var destination = new MemoryStream(Math.Max(64, data.Length / 2));
        using (var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return destination;
    }
}
