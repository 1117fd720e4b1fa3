using Microsoft.Extensions.Options;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

/// <summary>Reports every invalid <see cref="GrpcServerOptions"/> value at once, with how to fix it.</summary>
internal sealed class GrpcServerOptionsValidator : IValidateOptions<GrpcServerOptions>
{
    public ValidateOptionsResult Validate(string? name, GrpcServerOptions options)
    {
        var failures = new List<string>();
        if (options.MaxReceiveMessageSize is <= 0)
        {
            failures.Add($"{nameof(GrpcServerOptions.MaxReceiveMessageSize)} must be positive (bytes) or null for no limit; it is {options.MaxReceiveMessageSize}.");
        }

        if (options.MaxSendMessageSize is <= 0)
        {
            failures.Add($"{nameof(GrpcServerOptions.MaxSendMessageSize)} must be positive (bytes) or null for no limit; it is {options.MaxSendMessageSize}.");
        }

        if (options.ResponseCompressionAlgorithm is { } algorithm && !GrpcProtocolConstants.IsGzip(algorithm))
        {
            failures.Add($"{nameof(GrpcServerOptions.ResponseCompressionAlgorithm)} '{algorithm}' is not supported; use \"gzip\" or null.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
