using System.Globalization;
using NodeManager.Contracts.V1;
using NodeManager.Core.Errors;
using Pool = NodeManager.Contracts.N0stack.Pool;

namespace NodeManager.Server.N0stack;

/// <summary>
/// n0stack's node ⇄ NodeManager's node. <c>address</c> = ip, <c>ipmi_address</c> = management
/// address, <c>serial</c> = serial number, the budget pool = capacity, datacenter /
/// availability_zone / rack / unit = location region / zone / rack / position; <c>cell</c> and the
/// annotations, which NodeManager does not model, are kept as labels.
/// </summary>
public static class N0stackNodeMapper
{
    public const string CellLabel = "n0stack/cell";
    public const string AnnotationPrefix = "n0stack.annotation/";

    public static Pool.Node ToN0stack(Node node)
    {
        var location = node.Location ?? new Location();
        var capacity = node.Capacity ?? new Capacity();
        var result = new Pool.Node
        {
            Name = node.Name,
            Version = (ulong)node.Version,
            Address = node.Ip,
            IpmiAddress = node.ManagementAddress,
            Serial = node.SerialNumber,
            CpuMilliCores = (uint)Math.Clamp(capacity.CpuMilliCores, 0, uint.MaxValue),
            MemoryBytes = (ulong)Math.Max(capacity.MemoryBytes, 0),
            StorageBytes = (ulong)Math.Max(capacity.StorageBytes, 0),
            Datacenter = location.Region,
            AvailabilityZone = location.Zone,
            Rack = location.Rack,
            Unit = uint.TryParse(location.Position, NumberStyles.None, CultureInfo.InvariantCulture, out var unit) ? unit : 0,
            State = node.Health?.Status switch
            {
                HealthStatus.Ready => Pool.Node.Types.NodeState.Ready,
                HealthStatus.NotReady or HealthStatus.Down => Pool.Node.Types.NodeState.NotReady,
                _ => Pool.Node.Types.NodeState.NodeUnspecified,
            },
        };
        foreach (var (key, value) in node.Labels)
        {
            if (key == CellLabel)
            {
                result.Cell = value;
            }
            else if (key.StartsWith(AnnotationPrefix, StringComparison.Ordinal))
            {
                result.Annotations[key[AnnotationPrefix.Length..]] = value;
            }
            else
            {
                result.Labels[key] = value;
            }
        }

        return result;
    }

    /// <summary>
    /// The node an apply asks for: <paramref name="current"/> (or a new node) with every field
    /// n0stack models replaced by the request's, and the fields it does not model (mac, veth,
    /// data-path IP, agent port, devices, a non-numeric position) kept.
    /// </summary>
    public static Node Apply(Pool.ApplyNodeRequest request, Node? current)
    {
        var node = current?.Clone() ?? new Node();
        node.Health = null;
        node.Name = request.Name;
        node.Ip = request.Address;
        node.ManagementAddress = request.IpmiAddress;
        node.SerialNumber = request.Serial;
        node.Capacity = new Capacity { CpuMilliCores = request.CpuMilliCores, MemoryBytes = (long)Math.Min(request.MemoryBytes, long.MaxValue), StorageBytes = (long)Math.Min(request.StorageBytes, long.MaxValue) };
        var position = node.Location?.Position ?? "";
        var keepPosition = request.Unit == 0 && position.Length > 0 && !uint.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        node.Location = new Location
        {
            Region = request.Datacenter,
            Zone = request.AvailabilityZone,
            Rack = request.Rack,
            Position = keepPosition ? position : request.Unit == 0 ? "" : request.Unit.ToString(CultureInfo.InvariantCulture),
        };

        node.Labels.Clear();
        foreach (var (key, value) in request.Labels)
        {
            if (key == CellLabel || key.StartsWith(AnnotationPrefix, StringComparison.Ordinal))
            {
                throw NodeManagerException.Invalid($"labels[{key}]", "is reserved for n0stack's cell and annotations; set those fields instead");
            }

            node.Labels[key] = value;
        }

        foreach (var (key, value) in request.Annotations)
        {
            if (key.Contains('/', StringComparison.Ordinal))
            {
                throw NodeManagerException.Invalid($"annotations[{key}]", "keys with a '/' prefix cannot be stored (annotations are kept as labels n0stack.annotation/<key>)");
            }

            node.Labels[AnnotationPrefix + key] = value;
        }

        if (request.Cell.Length > 0)
        {
            node.Labels[CellLabel] = request.Cell;
        }

        return node;
    }
}
