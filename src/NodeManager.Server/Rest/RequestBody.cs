using System.Text;
using Microsoft.AspNetCore.Http.Features;
using NodeManager.Core.Errors;

namespace NodeManager.Server.Rest;

/// <summary>Reads a request body as UTF-8 text up to a limit; a larger body is refused with 413 before it is buffered whole.</summary>
public static class RequestBody
{
    public const long NodeLimit = 1 << 20;
    public const long ImportLimit = 256L << 20;

    public static async Task<string> ReadAsync(HttpContext context, long limit)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw NodeManagerException.Invalid("body", "is empty; send a JSON document");
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw NodeManagerException.Invalid("body", "is not valid UTF-8");
        }
    }

    private static NodeManagerException TooLarge(long limit) =>
        new(ErrorCode.PayloadTooLarge, $"request body is larger than {limit} bytes", [new FieldViolation("body", $"at most {limit} bytes")]);
}
