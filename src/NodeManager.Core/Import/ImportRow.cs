using NodeManager.Core.Errors;
using NodeManager.Core.Nodes;

namespace NodeManager.Core.Import;

/// <summary>
/// One input row as decoded from the file: its 1-based position, the id it gave (may be empty),
/// and either a raw spec or the violations that stopped it being decoded.
/// </summary>
public sealed record ImportRow(int Row, string IdText, NodeSpec? RawSpec, IReadOnlyList<FieldViolation> DecodeViolations);
