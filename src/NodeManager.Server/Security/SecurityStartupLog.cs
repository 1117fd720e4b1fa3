namespace NodeManager.Server.Security;

/// <summary>Says at every start how the server is protected: open on loopback, open on purpose (a warning), or which credentials it takes.</summary>
public sealed partial class SecurityStartupLog(SecurityMode mode, IConfiguration configuration, ILogger<SecurityStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (mode.Enforced)
        {
            LogEnforced(logger, mode.Bearer, mode.NodeTokens, mode.Certificates, mode.Alcor);
        }
        else if (BindCheck.NonLoopback(configuration) is { Count: > 0 } open)
        {
            LogOpenOnPurpose(logger, string.Join(", ", open));
        }
        else
        {
            LogOpenOnLoopback(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Authentication is not configured: the server is open, listening on loopback only (docs/security.md)")]
    private static partial void LogOpenOnLoopback(ILogger logger);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Authentication is not configured and NodeManager:Security:AllowAnonymous=true: anyone who reaches {Addresses} can read and change every node")]
    private static partial void LogOpenOnPurpose(ILogger logger, string addresses);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Information, Message = "Authentication required: operator tokens {Bearer}, node tokens {NodeTokens}, client certificates {Certificates}, Alcor access {Alcor}")]
    private static partial void LogEnforced(ILogger logger, bool bearer, bool nodeTokens, bool certificates, bool alcor);
}
