using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace NodeManager.Server.Grpc;

/// <summary>
/// gzip message compression whose decompression stops at <paramref name="maxDecompressedBytes"/> with
/// RESOURCE_EXHAUSTED. Grpc.AspNetCore checks a message's size limit on its compressed length only and then
/// inflates it into an unbounded buffer, so without this a small zip bomb costs its inflated size in memory.
/// </summary>
public sealed class CappedGzipCompressionProvider(int maxDecompressedBytes) : ICompressionProvider
{
    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new GZipStream(stream, compressionLevel ?? CompressionLevel.Fastest, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) =>
        new CappedReadStream(new GZipStream(stream, CompressionMode.Decompress), maxDecompressedBytes);

    /// <summary>A read-only stream that fails once more than the cap has been read from the inner stream.</summary>
    private sealed class CappedReadStream(Stream inner, int cap) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, Math.Min(count, Remaining)));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer[..Math.Min(buffer.Length, Remaining)]));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer[..Math.Min(buffer.Length, Remaining)], cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>At most one byte past the cap is asked for, so an over-long message is told from one of exactly the cap.</summary>
        private int Remaining => (int)Math.Min(int.MaxValue, cap + 1L - _read);

        private int Count(int read)
        {
            _read += read;
            if (_read > cap)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"Received message exceeds the maximum configured message size once decompressed ({cap} bytes)."));
            }

            return read;
        }
    }
}
