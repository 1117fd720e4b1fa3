namespace NodeManager.Server.N0stack;

/// <summary>NodeManager field paths → n0stack's <c>ApplyNodeRequest</c> field names, for error messages.</summary>
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
}
