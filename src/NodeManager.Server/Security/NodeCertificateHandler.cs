using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using NodeManager.Contracts.Credentials;

namespace NodeManager.Server.Security;

/// <summary>
/// The agent of the node a client certificate names: the certificate was checked against the agents' CA at the
/// handshake (<see cref="ClientCertificates"/>) and is checked again here, once per request (a heartbeat stream is one).
/// </summary>
public sealed class NodeCertificateHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ClientCertificates certificates)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "NodeCertificate";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Connection.ClientCertificate is not { } certificate)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!certificates.Validate(certificate))
        {
            return Task.FromResult(AuthenticateResult.Fail("the client certificate does not chain to the agents' CA"));
        }

        return Task.FromResult(NodeCredentials.NodeIdOfCertificate(certificate) is { } node
            ? AuthenticateResult.Success(new AuthenticationTicket(NodeTokenIssuer.AgentPrincipal(node, SchemeName), SchemeName))
            : AuthenticateResult.Fail($"the client certificate names no node (SAN URI {NodeCredentials.NodeUriPrefix}<id>)"));
    }
}
