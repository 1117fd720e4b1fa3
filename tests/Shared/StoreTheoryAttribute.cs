using Xunit;
using Xunit.Sdk;

namespace NodeManager.Testing;

/// <summary>The theory form of <see cref="StoreFactAttribute"/>: each data row skips or runs the same way.</summary>
[XunitTestCaseDiscoverer("NodeManager.Testing.StoreTheoryDiscoverer", TestAssembly.Name)]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreTheoryAttribute : TheoryAttribute;
