namespace NodeManager.Grpc;

/// <summary>Per-call options.</summary>
/// <param name="Headers">Custom request metadata.</param>
/// <param name="Deadline">When the call must end (UTC; local times are converted). Sent as <c>grpc-timeout</c> and enforced locally.</param>
/// <param name="CancellationToken">Cancels the call (RST_STREAM); the call then fails with CANCELLED.</param>
public readonly record struct CallOptions(Metadata? Headers = null, DateTime? Deadline = null, CancellationToken CancellationToken = default);
