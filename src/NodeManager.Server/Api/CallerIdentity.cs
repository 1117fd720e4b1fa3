using System.Security.Claims;
using NodeManager.Core.History;

namespace NodeManager.Server.Api;

/// <summary>
/// Who makes the current request, as recorded on every change (node history, lifecycle actor); taken from
/// the request's principal (<c>HttpContext.User</c>, for gRPC the same call's), never from a request body.
/// An authenticated caller is <c>kind:subject</c>: the <c>sub</c> claim (else the name), <c>agent:</c> for a
/// node agent (role <c>agent</c>, or a certificate naming <c>urn:nodemanager:node:&lt;id&gt;</c>), <c>user:</c>
/// otherwise. A request without authentication is <c>anonymous</c>; work that no request started is <c>system</c>.
/// </summary>
public sealed class CallerIdentity(IHttpContextAccessor accessor)
{
    public const string AgentRole = "agent";
    public const string NodeUrnPrefix = "urn:nodemanager:node:";
    private const int MaxLength = 256;

    /// <summary>The actor of the request being served, or <see cref="HistoryActors.System"/> outside of one.</summary>
    public string Actor => accessor.HttpContext is { } context ? Resolve(context.User) : HistoryActors.System;

    /// <summary>
    /// The actor of the request being served when it is authenticated (an agent's heartbeats: <c>agent:&lt;id&gt;</c>), else null:
    /// what an unauthenticated heartbeat changes is the server's decision (<c>system</c>).
    /// </summary>
    public string? AuthenticatedActor => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? Resolve(user) : null;

    public static string Resolve(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true } identity)
        {
            return HistoryActors.Anonymous;
        }

        var subject = principal.FindFirst("sub")?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? identity.Name ?? "";
        var agent = principal.IsInRole(AgentRole) || principal.HasClaim("role", AgentRole) || subject.StartsWith(NodeUrnPrefix, StringComparison.OrdinalIgnoreCase);
        if (subject.StartsWith(NodeUrnPrefix, StringComparison.OrdinalIgnoreCase))
        {
            subject = subject[NodeUrnPrefix.Length..];
        }

        var actor = (agent ? "agent:" : "user:") + (subject.Length == 0 ? "unknown" : subject);
        return actor.Length <= MaxLength ? actor : actor[..MaxLength];
    }
}
