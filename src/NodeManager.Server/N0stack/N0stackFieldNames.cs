namespace NodeManager.Server.N0stack;

/// <summary>NodeManager field paths → n0stack's request field names, for error messages.</summary>
public static class N0stackFieldNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["ip"] = "address",
        ["management_address"] = "ipmi_address",
        ["serial_number"] = "serial",
        ["capacity.cpu_milli_cores"] = "cpu_milli_cores",
        ["capacity.memory_bytes"] = "memory_bytes",
        ["capacity.storage_bytes"] = "storage_bytes",
        ["location.region"] = "datacenter",
        ["location.zone"] = "availability_zone",
        ["location.rack"] = "rack",
        ["location.position"] = "unit",
        [$"labels[{N0stackNodeMapper.CellLabel}]"] = "cell",
    };

    public static string Rename(string field)
    {
        if (Names.TryGetValue(field, out var name))
        {
            return name;
        }

        const string annotation = "labels[" + N0stackNodeMapper.AnnotationPrefix;
        return field.StartsWith(annotation, StringComparison.Ordinal) ? "annotations[" + field[annotation.Length..] : field;
    }

    /// <summary>A reservation request field → n0stack's: the reservation's <c>name</c> is <paramref name="nameField"/> (<c>compute_name</c> or <c>storage_name</c>), the node is <c>name</c>.</summary>
    public static string RenameReservation(string field, string nameField) => field switch
    {
        "name" => nameField,
        "node_id" => "name",
        "request_cpu_milli_cores" => "request_cpu_milli_core",
        "limit_cpu_milli_cores" => "limit_cpu_milli_core",
        "request_storage_bytes" => "request_bytes",
        "limit_storage_bytes" => "limit_bytes",
        _ => field,
    };
}
