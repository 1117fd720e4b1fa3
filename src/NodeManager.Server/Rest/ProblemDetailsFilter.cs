using NodeManager.Core.Errors;
using NodeManager.Core.Storage;

namespace NodeManager.Server.Rest;

/// <summary>Turns domain, store and request-size errors into problem details; nothing else escapes as a 500 without a body.</summary>
public sealed partial class ProblemDetailsFilter(ILogger<ProblemDetailsFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (NodeManagerException ex)
        {
            return Problems.From(ex);
        }
        catch (StoreUnavailableException ex)
        {
            LogStoreUnavailable(logger, ex);
            return Problems.Build(503, "UNAVAILABLE", "the node store is unavailable; retry later");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Build(413, "RESOURCE_EXHAUSTED", ex.Message, [new FieldViolation("body", ex.Message)]);
        }
        catch (BadHttpRequestException ex)
        {
            return Problems.Build(ex.StatusCode, "INVALID_ARGUMENT", ex.Message, [new FieldViolation("body", ex.Message)]);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Store unavailable while serving a REST request")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
