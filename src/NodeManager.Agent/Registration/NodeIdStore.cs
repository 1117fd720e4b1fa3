namespace NodeManager.Agent.Registration;

/// <summary>The node id kept in one file across agent runs; written atomically (temp file, then rename).</summary>
public sealed class NodeIdStore(string path)
{
    public string Path { get; } = path;

    public Guid? Read()
    {
        try
        {
            return Guid.TryParse(File.ReadAllText(Path).Trim(), out var id) ? id : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Write(Guid id)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temp = Path + ".tmp";
        File.WriteAllText(temp, id.ToString("D") + "\n");
        File.Move(temp, Path, overwrite: true);
    }
}
