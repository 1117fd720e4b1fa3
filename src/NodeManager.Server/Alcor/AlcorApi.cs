using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using NodeManager.Core.Errors;
using NodeManager.Server.Rest;
using NodeManager.Server.Security;

namespace NodeManager.Server.Alcor;

/// <summary>
/// Alcor's node manager REST contract (<c>/nodes</c>, also under <c>/v4</c>), so an Alcor port
/// manager works unchanged. Errors are problem details naming Alcor's fields; unlike Alcor, an
/// unknown node is 404 and a duplicate registration is 409 (docs/compatibility.md).
/// </summary>
public static class AlcorApi
{
    public static IEndpointRouteBuilder MapAlcorApi(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "", "/v4" })
        {
            var group = app.MapGroup(prefix + "/nodes").AddEndpointFilter<ProblemDetailsFilter>().WithTags("Alcor");
            group.MapPost("", CreateNode).RequireAuthorization(Policies.Operator);
            group.MapGet("", ListNodes).RequireAuthorization(Policies.AlcorRead);
            group.MapPost("/bulk", RegisterBulk).RequireAuthorization(Policies.Admin);
            group.MapPost("/upload", Upload).RequireAuthorization(Policies.Admin);
            group.MapGet("/{nodeid}", GetNode).RequireAuthorization(Policies.AlcorRead);
            group.MapPut("/{nodeid}", UpdateNode).RequireAuthorization(Policies.Operator);
            group.MapDelete("/{nodeid}", DeleteNode).RequireAuthorization(Policies.Admin);
        }

        return app;
    }

    public static async Task<IResult> CreateNode(HttpContext context, AlcorNodeService alcor) =>
        Json(await alcor.Create(await RequestBody.ReadAsync(context, RequestBody.NodeLimit), context.RequestAborted), StatusCodes.Status201Created);

    public static async Task<IResult> GetNode(HttpContext context, string nodeid, AlcorNodeService alcor) =>
        Json(await alcor.Get(nodeid, context.RequestAborted));

    public static async Task<IResult> ListNodes(HttpContext context, AlcorNodeService alcor) =>
        Json(await alcor.Query(context.Request.Query, context.RequestAborted));

    public static async Task<IResult> UpdateNode(HttpContext context, string nodeid, AlcorNodeService alcor) =>
        Json(await alcor.Update(nodeid, await RequestBody.ReadAsync(context, RequestBody.NodeLimit), context.RequestAborted));

    public static async Task<IResult> DeleteNode(HttpContext context, string nodeid, AlcorNodeService alcor) =>
        Json(await alcor.Delete(nodeid, context.RequestAborted));

    public static async Task<IResult> RegisterBulk(HttpContext context, AlcorNodeService alcor) =>
        Json(await alcor.Bulk(await RequestBody.ReadAsync(context, RequestBody.ImportLimit), context.RequestAborted));

    /// <summary><c>multipart/form-data</c> with the node file in the part named <c>file</c>.</summary>
    public static async Task<IResult> Upload(HttpContext context, AlcorNodeService alcor)
    {
        if (!context.Request.HasFormContentType)
        {
            throw NodeManagerException.Invalid("file", "is required: send multipart/form-data with the node file in the part 'file'");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = RequestBody.ImportLimit;
        }

        context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = RequestBody.ImportLimit }));
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            throw NodeManagerException.Invalid("file", $"the multipart body is malformed: {ex.Message}");
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            throw NodeManagerException.Invalid("file", "is required and must not be empty (the multipart part named 'file')");
        }

        string content;
        using (var reader = new StreamReader(file.OpenReadStream(), new System.Text.UTF8Encoding(false, true)))
        {
            try
            {
                content = await reader.ReadToEndAsync(context.RequestAborted);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw NodeManagerException.Invalid("file", "is not valid UTF-8");
            }
        }

        return Json(await alcor.Upload(content, context.RequestAborted));
    }

    private static IResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), "application/json", statusCode: status);
}
