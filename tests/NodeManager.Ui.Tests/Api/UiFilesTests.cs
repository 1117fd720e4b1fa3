using System.Net;
using System.Text.RegularExpressions;

namespace NodeManager.Ui.Tests.Api;

/// <summary>The dashboard's files at /ui: served from the server itself, with a CSP and ETags.</summary>
public sealed partial class UiFilesTests : ServerTest
{
    [Theory]
    [InlineData("/ui", "text/html")]
    [InlineData("/ui/", "text/html")]
    [InlineData("/ui/app.css", "text/css")]
    [InlineData("/ui/js/app.js", "text/javascript")]
    [InlineData("/ui/js/feed.js", "text/javascript")]
    public async Task UiFile_Get_ServedWithContentSecurityPolicyAndETag(string path, string type)
    {
        using var response = await Server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl!.NoCache);
        Assert.NotNull(response.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await Server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task UiIndex_Markup_HasNoInlineScriptAndNoOtherOrigin()
    {
        var html = await Server.Client.GetStringAsync("/ui/");
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(OtherOrigin(), html);
        Assert.Contains("<script type=\"module\" src=\"/ui/js/app.js\"></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UiFile_Unknown_Is404()
    {
        using var response = await Server.Client.GetAsync("/ui/js/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEmpty(response.Headers.GetValues("Content-Security-Policy"));
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"(src|href)=""(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex OtherOrigin();
}
