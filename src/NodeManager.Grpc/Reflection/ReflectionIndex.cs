using Google.Protobuf.Reflection;

namespace NodeManager.Grpc;

/// <summary>Lookup tables over the files reachable from a set of services: by file name, symbol and extension.</summary>
internal sealed class ReflectionIndex
{
    private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, int Number), FileDescriptor> _extensions = [];
    private readonly Dictionary<string, List<int>> _extensionNumbers = new(StringComparer.Ordinal);

    public ReflectionIndex(IEnumerable<ServiceDescriptor> services)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            names.Add(service.FullName);
            AddFile(service.File);
        }

        ServiceNames = [.. names];
    }

    public IReadOnlyList<string> ServiceNames { get; }

    public FileDescriptor? FindFile(string name) => _files.GetValueOrDefault(name);

    public FileDescriptor? FindSymbol(string symbol) => _symbols.GetValueOrDefault(symbol);

    public FileDescriptor? FindExtension(string type, int number) => _extensions.GetValueOrDefault((type, number));

    public IReadOnlyList<int>? FindExtensionNumbers(string type) =>
        _extensionNumbers.TryGetValue(type, out var numbers) ? numbers : _symbols.ContainsKey(type) ? [] : null;

    private void AddFile(FileDescriptor file)
    {
        if (!_files.TryAdd(file.Name, file))
        {
            return;
        }

        foreach (var dependency in file.Dependencies)
        {
            AddFile(dependency);
        }

        foreach (var service in file.Services)
        {
            _symbols[service.FullName] = file;
            foreach (var method in service.Methods)
            {
                _symbols[method.FullName] = file;
            }
        }

        foreach (var message in file.MessageTypes)
        {
            AddMessage(message, file);
        }

        foreach (var enumType in file.EnumTypes)
        {
            _symbols[enumType.FullName] = file;
        }

        foreach (var extension in file.Extensions.UnorderedExtensions)
        {
            AddExtension(extension, file);
        }
    }

    private void AddMessage(MessageDescriptor message, FileDescriptor file)
    {
        _symbols[message.FullName] = file;
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(nested, file);
        }

        foreach (var enumType in message.EnumTypes)
        {
            _symbols[enumType.FullName] = file;
        }

        foreach (var extension in message.Extensions.UnorderedExtensions)
        {
            AddExtension(extension, file);
        }
    }

    private void AddExtension(FieldDescriptor extension, FileDescriptor file)
    {
        var type = extension.ExtendeeType.FullName;
        _symbols[extension.FullName] = file;
        if (_extensions.TryAdd((type, extension.FieldNumber), file))
        {
            if (!_extensionNumbers.TryGetValue(type, out var numbers))
            {
                _extensionNumbers[type] = numbers = [];
            }

            numbers.Add(extension.FieldNumber);
        }
    }
}
