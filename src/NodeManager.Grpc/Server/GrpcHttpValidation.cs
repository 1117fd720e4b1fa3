using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NodeManager.Grpc.Internal;

namespace NodeManager.Grpc;

/// <summary>HTTP-level checks made before a call starts: HTTP/2 and a gRPC content type.</summary>
internal static class GrpcHttpValidation
{
    public static bool TryValidate(HttpContext httpContext, ILogger logger)
    {
        var request = httpContext.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            GrpcServerLog.UnsupportedProtocol(logger, request.Protocol);
            WriteHttpError(httpContext.Response, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported. gRPC requires HTTP/2.");
            return false;
        }

        if (!GrpcProtocolConstants.IsGrpcContentType(request.ContentType))
        {
            GrpcServerLog.UnsupportedContentType(logger, request.ContentType);
            WriteHttpError(httpContext.Response, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported.");
            return false;
        }

        return true;
    }

    /// <summary>A non-200 response that still carries gRPC status headers for clients that look for them.</summary>
    public static void WriteHttpError(HttpResponse response, int httpStatusCode, string detail)
    {
        response.StatusCode = httpStatusCode;
        response.Headers[GrpcProtocolConstants.StatusTrailer] = GrpcStatuses.ToHeaderValue(StatusCode.Internal);
        response.Headers[GrpcProtocolConstants.MessageTrailer] = GrpcMessageEncoding.Encode(detail);
    }
}
