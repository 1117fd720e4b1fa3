namespace NodeManager.Server.Security;

/// <summary>Which credentials this server takes, decided once at start from the configuration.</summary>
public sealed record SecurityMode(bool Bearer, bool NodeTokens, bool Certificates, bool Alcor, string NodeTokenIssuer, bool AllowAnonymous)
{
    /// <summary>Any credential configured: every route then requires its policy.</summary>
    public bool Enforced => Bearer || NodeTokens || Certificates;

    public static SecurityMode From(IConfiguration configuration, SecurityOptions options) => new(
        Bearer: configuration.GetSection("Authentication:Schemes:Bearer").Exists(),
        NodeTokens: !string.IsNullOrWhiteSpace(options.NodeTokens.SigningKey),
        Certificates: !string.IsNullOrWhiteSpace(options.Agents.ClientCa),
        Alcor: !string.IsNullOrWhiteSpace(options.Alcor.ServiceToken) || options.Alcor.Networks.Length > 0,
        NodeTokenIssuer: options.NodeTokens.Issuer,
        AllowAnonymous: options.AllowAnonymous);
}
