using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NodeManager.Server.Security;

/// <summary>
/// Alcor's port manager sends no credentials (docs/security.md): with <c>NodeManager:Security:Alcor:ServiceToken</c> it
/// is known by a static token in <c>X-Alcor-Token</c>, with <c>NodeManager:Security:Alcor:Networks</c> by its address.
/// Either way it gets the role <c>alcor</c>, which reads Alcor's <c>/nodes</c> routes and nothing else. Both are off by default.
/// </summary>
public sealed class AlcorAccessHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Alcor";
    public const string Role = "alcor";
    public const string Header = "X-Alcor-Token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var alcor = security.CurrentValue.Alcor;
        if (Request.Headers[Header] is [{ } sent])
        {
            return Task.FromResult(alcor.ServiceToken is { Length: > 0 } token && FixedTimeEquals(sent, token)
                ? Success("token")
                : AuthenticateResult.Fail($"{Header} is not the configured Alcor service token"));
        }

        return Task.FromResult(FromNetworks(Context.Connection.RemoteIpAddress, alcor.Networks)
            ? Success("network")
            : AuthenticateResult.NoResult());
    }

    /// <summary>True when the selector should send this request here.</summary>
    public static bool Applies(HttpContext context, AlcorAccessOptions alcor) =>
        (alcor.ServiceToken is { Length: > 0 } && context.Request.Headers.ContainsKey(Header))
        || FromNetworks(context.Connection.RemoteIpAddress, alcor.Networks);

    /// <summary>Problems with <c>NodeManager:Security:Alcor:Networks</c>.</summary>
    public static IEnumerable<string> Validate(AlcorAccessOptions alcor) =>
        alcor.Networks.Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"NodeManager:Security:Alcor:Networks has '{n}', which is not a network in CIDR notation (e.g. 10.20.0.0/16).");

    private static bool FromNetworks(IPAddress? address, string[] networks)
    {
        if (address is null || networks.Length == 0)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var text in networks)
        {
            if (IPNetwork.TryParse(text, out var network) && network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private AuthenticateResult Success(string how) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(Roles.SubjectClaimType, "alcor"), new Claim(Roles.ClaimType, Role), new Claim("amr", how)],
            SchemeName, Roles.SubjectClaimType, Roles.ClaimType)), SchemeName));
}
