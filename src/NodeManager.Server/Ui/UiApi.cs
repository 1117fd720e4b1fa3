using Microsoft.AspNetCore.Authorization;

namespace NodeManager.Server.Ui;

/// <summary>
/// <c>GET /ui</c> and <c>/ui/{file}</c>: the fleet dashboard's static files. The page reads everything else through
/// the REST API (with the bearer token the user pasted, if any), so the files themselves hold no data and are served
/// without authentication. Every response carries a Content-Security-Policy that allows only this server's own scripts,
/// styles and API (no inline script, no other origin) and is revalidated by ETag.
/// </summary>
public static class UiApi
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapUiApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui", (HttpContext context, UiAssets assets) => Serve(context, assets, "")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/ui/{**path}", (HttpContext context, UiAssets assets, string? path) => Serve(context, assets, path ?? "")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, UiAssets assets, string path)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (assets.Find(path) is not { } asset)
        {
            return Results.Text($"no such file of the dashboard: /ui/{path}", "text/plain", statusCode: StatusCodes.Status404NotFound);
        }

        // The files change only with the server's version: revalidate every time (a 304 costs one round trip).
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
