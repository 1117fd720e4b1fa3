using System.Net;

namespace NodeManager.Grpc;

/// <summary>The body of a unary or server-streaming call: one frame, serialized before sending into a pooled buffer.</summary>
internal sealed class UnaryRequestContent : HttpContent
{
    private readonly PooledBufferWriter _frame;

    public UnaryRequestContent(PooledBufferWriter frame)
    {
        _frame = frame;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_frame.WrittenMemory, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _frame.WrittenCount;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _frame.Dispose();
        }

        base.Dispose(disposing);
    }
}
