using System.Diagnostics.Metrics;
using System.Security.Claims;
using NodeManager.Core.Errors;
using NodeManager.Core.Nodes;
using NodeManager.Server.Metrics;

namespace NodeManager.Server.Security;

/// <summary>
/// Kubernetes' NodeRestriction for our agents (DESIGN §8): a caller whose only role is <c>agent</c> may read, register,
/// update and heartbeat the node its credential names (<c>sub</c>) and no other. Everything else is PERMISSION_DENIED,
/// logged and counted (<c>nodemanager.security.denied</c>). Operators and admins are not confined.
/// </summary>
public sealed partial class AgentConfinement(NodeManagerMetrics metrics, ILogger<AgentConfinement> logger)
{
    private readonly Counter<long> _denied = metrics.Meter.CreateCounter<long>(
        "nodemanager.security.denied", "{request}", "Requests refused because an agent named a node other than its own");

    /// <summary>The node an agent caller is confined to; null for operators, admins, viewers and the open server.</summary>
    public static Guid? ConfinedNode(ClaimsPrincipal? user)
    {
        if (user is null || !user.IsInRole(Roles.Agent) || user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Admin))
        {
            return null;
        }

        // An agent principal always names a node (the schemes make sure); one that does not is confined to nothing.
        return NodeId.TryParse(user.FindFirst(Roles.SubjectClaimType)?.Value, out var id) ? id : Guid.Empty;
    }

    /// <summary>Throws PERMISSION_DENIED when <paramref name="user"/> is an agent and <paramref name="nodeId"/> is not its node.</summary>
    public void Check(ClaimsPrincipal? user, string nodeId, string field)
    {
        if (ConfinedNode(user) is { } own && !(NodeId.TryParse(nodeId, out var id) && id == own))
        {
            throw Denied(own, nodeId, field);
        }
    }

    /// <summary>The error (logged and counted) for agent <paramref name="own"/> naming <paramref name="nodeId"/>.</summary>
    public NodeManagerException Denied(Guid own, string nodeId, string field)
    {
        _denied.Add(1);
        LogDenied(logger, own, nodeId, field);
        return new NodeManagerException(ErrorCode.PermissionDenied,
            $"{field}: the agent of node {own:D} may act on its own node only, not on '{nodeId}'",
            [new FieldViolation(field, "not the caller's node")]);
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Agent of node {NodeId} was refused acting on node '{Other}' ({Field})")]
    private static partial void LogDenied(ILogger logger, Guid nodeId, string other, string field);
}
