using System.Buffers;

namespace NodeManager.Grpc.Tests.Framing;

/// <summary>Builds multi-segment sequences to exercise reads that straddle segment boundaries.</summary>
internal static class TestSequence
{
    public static ReadOnlySequence<byte> Create(params byte[][] segments)
    {
        Segment? first = null;
        Segment? last = null;
        foreach (var bytes in segments)
        {
            var segment = new Segment(bytes);
            if (first is null)
            {
                first = segment;
            }
            else
            {
                last!.Append(segment);
            }

            last = segment;
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes)
        {
            Memory = bytes;
        }

        public void Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
