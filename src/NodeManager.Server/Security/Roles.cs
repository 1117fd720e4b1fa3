namespace NodeManager.Server.Security;

/// <summary>The values of the <c>role</c> claim (DESIGN §8). viewer ⊂ operator ⊂ admin; an agent is apart, confined to its node.</summary>
public static class Roles
{
    public const string ClaimType = "role";

    /// <summary>The subject claim: an operator's or service's name, an agent's node id.</summary>
    public const string SubjectClaimType = "sub";

    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string Agent = "agent";
}
