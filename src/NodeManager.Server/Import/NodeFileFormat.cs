namespace NodeManager.Server.Import;

public enum NodeFileFormat
{
    /// <summary><c>{"nodes":[...], "dryRun":..., "mode":...}</c>: an ImportNodesRequest in the protobuf JSON mapping.</summary>
    ImportRequest,

    /// <summary><c>[{...node...}, ...]</c>.</summary>
    NodeArray,

    /// <summary>Alcor's <c>{"host_infos":[{"node_id", "node_name", "local_ip", ...}]}</c>.</summary>
    AlcorHostInfos,
}
