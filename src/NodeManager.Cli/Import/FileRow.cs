using NodeManager.Contracts.V1;

namespace NodeManager.Cli.Import;

/// <summary>One row of a node file: the node, or why it could not be read (then it is reported INVALID and not sent).</summary>
/// <param name="Row">1-based position in the file.</param>
public sealed record FileRow(int Row, Node? Node, string Id, string Name, IReadOnlyList<FieldViolation> Violations);

/// <summary>A node file read: its rows, and the options an <c>ImportNodesRequest</c> file carries (null = not given).</summary>
public sealed record NodeFileContent(IReadOnlyList<FileRow> Rows, bool? DryRun, ImportMode? Mode, string Format);
