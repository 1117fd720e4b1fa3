using NodeManager.Core.Errors;

namespace NodeManager.Server.Api;

/// <summary>The page-size rule every list shares: 1..1000, 0 meaning the default of 100.</summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static int Resolve(int requested) => requested switch
    {
        0 => DefaultPageSize,
        < 0 or > MaxPageSize => throw NodeManagerException.Invalid("page_size", $"must be between 1 and {MaxPageSize}"),
        var n => n,
    };
}
