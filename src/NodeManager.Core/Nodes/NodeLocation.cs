namespace NodeManager.Core.Nodes;

/// <summary>Where a node sits physically.</summary>
public sealed record NodeLocation(string Region, string Zone, string Rack, string Position)
{
    public static readonly NodeLocation Empty = new("", "", "", "");
}
