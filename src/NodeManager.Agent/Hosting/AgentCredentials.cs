using NodeManager.Contracts.Credentials;

namespace NodeManager.Agent.Hosting;

/// <summary>
/// How the agent proves which node it is (DESIGN §8): a node token (<see cref="AgentOptions.TokenFile"/>) and/or a
/// client certificate (<see cref="AgentOptions.ClientCertificate"/>). Either names the node; the agent registers and
/// heartbeats that node, whatever its state file says. Without either, the agent is anonymous (an open server).
/// </summary>
public sealed class AgentCredentials
{
    private AgentCredentials(TokenSource? token, ClientTls tls)
    {
        Token = token;
        Tls = tls;
    }

    public TokenSource? Token { get; }

    public ClientTls Tls { get; }

    /// <summary>The node the credentials name (the token's, else the certificate's), read now: a rotated credential counts.</summary>
    public Guid? NodeId => (Token?.Current() is { } token ? NodeCredentials.NodeIdOfToken(token) : null) ?? Tls.NodeId;

    public static AgentCredentials From(AgentOptions options) => new(
        options.TokenFile is { Length: > 0 } file ? TokenSource.FromFile(file) : null,
        new ClientTls(options.ServerCa, options.ClientCertificate, options.ClientKey));
}
