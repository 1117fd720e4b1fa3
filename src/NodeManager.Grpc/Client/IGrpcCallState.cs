namespace NodeManager.Grpc;

/// <summary>What the public call objects expose of the underlying call.</summary>
internal interface IGrpcCallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}
