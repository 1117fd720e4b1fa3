using System.Security.Claims;
using NodeManager.Server.Api;

namespace NodeManager.Server.Tests.History;

/// <summary>Who a request's principal is, as every change records it.</summary>
public sealed class CallerIdentityTests
{
    private static ClaimsPrincipal Principal(string? authenticationType, params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    public static TheoryData<string, ClaimsPrincipal?> Cases => new()
    {
        { "anonymous", null },
        { "anonymous", new ClaimsPrincipal(new ClaimsIdentity()) },
        { "anonymous", Principal(null, ("sub", "alice")) },
        { "user:alice", Principal("Bearer", ("sub", "alice"), (ClaimTypes.Name, "Alice Example")) },
        { "user:Alice Example", Principal("Bearer", (ClaimTypes.Name, "Alice Example")) },
        { "user:svc-1", Principal("Bearer", (ClaimTypes.NameIdentifier, "svc-1")) },
        { "agent:3fa85f64-5717-4562-b3fc-2c963f66afa6", Principal("Bearer", ("sub", "3fa85f64-5717-4562-b3fc-2c963f66afa6"), ("role", "agent")) },
        { "agent:3fa85f64-5717-4562-b3fc-2c963f66afa6", Principal("Bearer", ("sub", "3fa85f64-5717-4562-b3fc-2c963f66afa6"), (ClaimTypes.Role, "agent")) },
        { "agent:3fa85f64-5717-4562-b3fc-2c963f66afa6", Principal("Certificate", (ClaimTypes.NameIdentifier, "urn:nodemanager:node:3fa85f64-5717-4562-b3fc-2c963f66afa6")) },
        { "user:unknown", Principal("Bearer") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve_Principal_KindAndSubject(string expected, ClaimsPrincipal? principal) =>
        Assert.Equal(expected, CallerIdentity.Resolve(principal));

    [Fact]
    public void Resolve_HugeSubject_CutTo256Characters() =>
        Assert.Equal(256, CallerIdentity.Resolve(Principal("Bearer", ("sub", new string('x', 1000)))).Length);

    [Fact]
    public void Actor_OutsideARequest_IsSystemAndNotAuthenticated()
    {
        var caller = new CallerIdentity(new Microsoft.AspNetCore.Http.HttpContextAccessor());
        Assert.Equal("system", caller.Actor);
        Assert.Null(caller.AuthenticatedActor);
    }

    [Fact]
    public void Actor_InARequest_FromItsUserOnly()
    {
        var accessor = new Microsoft.AspNetCore.Http.HttpContextAccessor { HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext() };
        var caller = new CallerIdentity(accessor);
        Assert.Equal(("anonymous", (string?)null), (caller.Actor, caller.AuthenticatedActor));

        accessor.HttpContext.User = Principal("Bearer", ("sub", "bob"));
        Assert.Equal(("user:bob", "user:bob"), (caller.Actor, caller.AuthenticatedActor));
    }
}
