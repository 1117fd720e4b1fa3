using NodeManager.Contracts.V1;

namespace NodeManager.Server.Import;

/// <summary>Rewrites field names in an import report to Alcor's, so errors point at what the Alcor file says.</summary>
public static class AlcorFieldNames
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["id"] = "node_id",
        ["name"] = "node_name",
        ["ip"] = "local_ip",
        ["mac"] = "mac_address",
        ["agent_port"] = "server_port",
        ["data_path_ip"] = "data-path-ip",
    };

    /// <summary>Alcor's name for a NodeManager field path (unchanged when Alcor has no other name for it).</summary>
    public static string Rename(string field) => Names.GetValueOrDefault(field, field);

    public static void Apply(ImportNodesResponse response)
    {
        foreach (var violation in response.Rows.SelectMany(r => r.Violations))
        {
            if (Names.TryGetValue(violation.Field, out var alcor))
            {
                violation.Field = alcor;
            }
        }
    }
}
