using NodeManager.Cli.Output;

namespace NodeManager.Cli.Config;

/// <summary>Where nmctl connects and how it answers, after flags, environment and config file are combined.</summary>
/// <param name="Server">The gRPC endpoint.</param>
/// <param name="ServerOrigin">Where <paramref name="Server"/> came from (named in errors: "--server", "NMCTL_SERVER", ...).</param>
/// <param name="Token">Bearer token sent as <c>authorization</c> metadata; null = none.</param>
/// <param name="Output">The <c>-o</c> format.</param>
/// <param name="Timeout">Deadline of each unary call.</param>
/// <param name="ServerCa">PEM file of the CA that signs an https server's certificate (instead of the system's store); null = the system's.</param>
public sealed record NmctlSettings(Uri Server, string ServerOrigin, string? Token, OutputFormat Output, TimeSpan Timeout, string? ServerCa = null);

/// <summary>The global flags as given on the command line (null = not given).</summary>
public sealed record GlobalFlags(string? Server, string? Token, string? Config, string? Output, string? Timeout, string? ServerCa = null);
