namespace NodeManager.Server.Security;

/// <summary><c>NodeManager:Security</c> (docs/security.md lists every key).</summary>
public sealed class SecurityOptions
{
    public const string Section = "NodeManager:Security";

    /// <summary>Lets a server bound to a non-loopback address run without authentication (a warning at every start). Default false.</summary>
    public bool AllowAnonymous { get; set; }

    public NodeTokenOptions NodeTokens { get; set; } = new();

    public AgentCertificateOptions Agents { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public AlcorAccessOptions Alcor { get; set; } = new();
}

/// <summary><c>NodeManager:Security:NodeTokens</c>: agents' signed tokens (JWT, HS256, <c>sub</c> = node id, <c>role</c> = agent).</summary>
public sealed class NodeTokenOptions
{
    /// <summary>The signing key, base64, at least 32 bytes (<c>nmctl tokens key</c> makes one). Empty: node tokens off. Reloaded on change.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>iss</c> of node tokens; tells them apart from operators' tokens.</summary>
    public string Issuer { get; set; } = NodeTokenIssuer.DefaultIssuer;
}

/// <summary><c>NodeManager:Security:Agents</c>: agents' client certificates (mutual TLS).</summary>
public sealed class AgentCertificateOptions
{
    /// <summary>PEM file of the CA that signs agents' certificates; empty: client certificates off. Re-read when the file changes.</summary>
    public string? ClientCa { get; set; }
}

/// <summary><c>NodeManager:Security:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per second per identity (token subject, else client address) on REST and unary gRPC; 0 = off.</summary>
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Burst above the rate per identity.</summary>
    public int Burst { get; set; } = 400;

    /// <summary>Heartbeats a node may send per heartbeat interval before RESOURCE_EXHAUSTED; 0 = off.</summary>
    public int HeartbeatsPerInterval { get; set; } = 10;
}

/// <summary><c>NodeManager:Security:Alcor</c>: how Alcor's port manager, which sends no credentials, reads nodes.</summary>
public sealed class AlcorAccessOptions
{
    /// <summary>A static token Alcor sends in <c>X-Alcor-Token</c> (or as a bearer token): a viewer of Alcor's read routes. Empty: off.</summary>
    public string? ServiceToken { get; set; }

    /// <summary>Client networks (CIDR, e.g. 10.0.0.0/8) allowed to read Alcor's routes without credentials. Empty: none.</summary>
    public string[] Networks { get; set; } = [];
}
