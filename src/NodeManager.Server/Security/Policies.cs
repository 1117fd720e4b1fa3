using Microsoft.AspNetCore.Authorization;

namespace NodeManager.Server.Security;

/// <summary>
/// The authorization policies every REST route and gRPC method declares, in one line:
/// <c>.RequireAuthorization(Policies.Viewer)</c> on a route, <c>[Authorize(Policies.Viewer)]</c> on a gRPC method, or
/// <c>.AllowAnonymous()</c> for the probes. Without authentication configured every policy lets everyone in (today's
/// open server on loopback, see <see cref="BindCheck"/>). <c>SecurityTests.EveryRoute_DeclaresAPolicy</c> fails for a route without one.
/// </summary>
public static class Policies
{
    /// <summary>Read and watch: viewer, operator, admin.</summary>
    public const string Viewer = "nm.viewer";

    /// <summary>Write, lifecycle, reservations: operator, admin.</summary>
    public const string Operator = "nm.operator";

    /// <summary>Import, delete, dashboards, metrics: admin.</summary>
    public const string Admin = "nm.admin";

    /// <summary>Read one node: a viewer, or the agent of that node (the handler checks the id, <see cref="AgentConfinement"/>).</summary>
    public const string NodeRead = "nm.node-read";

    /// <summary>Register, update, heartbeat one node: an operator, or the agent of that node (<see cref="AgentConfinement"/>).</summary>
    public const string NodeWrite = "nm.node-write";

    /// <summary>Alcor's read routes: a viewer, or Alcor's port manager (<see cref="AlcorAccessHandler"/>).</summary>
    public const string AlcorRead = "nm.alcor-read";

    /// <summary>Every policy name, for the route enumeration test.</summary>
    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Admin, NodeRead, NodeWrite, AlcorRead];

    /// <summary>Registers the policies: role checks when <paramref name="enforced"/>, otherwise policies that let everyone in.</summary>
    public static void Add(AuthorizationOptions options, bool enforced)
    {
        Add(options, enforced, Viewer, Roles.Viewer, Roles.Operator, Roles.Admin);
        Add(options, enforced, Operator, Roles.Operator, Roles.Admin);
        Add(options, enforced, Admin, Roles.Admin);
        Add(options, enforced, NodeRead, Roles.Agent, Roles.Viewer, Roles.Operator, Roles.Admin);
        Add(options, enforced, NodeWrite, Roles.Agent, Roles.Operator, Roles.Admin);
        Add(options, enforced, AlcorRead, AlcorAccessHandler.Role, Roles.Viewer, Roles.Operator, Roles.Admin);
        if (enforced)
        {
            // A route that declares nothing (gRPC's catch-all for unknown services, or one added without a policy) is
            // an admin's: forgetting the line never opens a route to viewers or agents.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.Admin).Build();
        }
    }

    private static void Add(AuthorizationOptions options, bool enforced, string name, params string[] roles) =>
        options.AddPolicy(name, policy =>
        {
            if (enforced)
            {
                policy.RequireAuthenticatedUser().RequireRole(roles);
            }
            else
            {
                policy.RequireAssertion(static _ => true);
            }
        });
}
