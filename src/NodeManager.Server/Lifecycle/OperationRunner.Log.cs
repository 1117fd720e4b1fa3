using NodeManager.Core.Lifecycle;

namespace NodeManager.Server.Lifecycle;

public sealed partial class OperationRunner
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Scanning for batch operations to resume failed; retrying")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Error, Message = "Batch operation {OperationId} stopped on an error; its lease lapses and an instance resumes it")]
    private static partial void LogRunFailed(ILogger logger, string operationId, Exception exception);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Claimed batch operation {OperationId} from {PreviousOwner} (lease lapsed); resuming")]
    private static partial void LogClaimed(ILogger logger, string operationId, string previousOwner);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Information, Message = "Batch operation {OperationId} was cancelled or taken over; stopping here")]
    private static partial void LogStopped(ILogger logger, string operationId);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "Batch operation {OperationId} finished {State}: {Applied} applied, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, string operationId, OperationState state, int applied, int failed);
}
