using NodeManager.Contracts.V1;
using NodeManager.Core.Import;

namespace NodeManager.Server.Import;

/// <summary>A decoded node file: its rows, and the options it carried (when it was an ImportNodesRequest).</summary>
public sealed record NodeFile(IReadOnlyList<ImportRow> Rows, bool? DryRun, ImportMode? Mode, NodeFileFormat Format);
