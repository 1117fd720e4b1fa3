using Xunit.Sdk;

namespace NodeManager.Testing;

/// <summary>
/// A fact that skips, with a reason, when its class is <see cref="RequiresPostgresAttribute"/> and no
/// PostgreSQL server is configured; see <see cref="PostgresTestEnvironment.SkipReason"/>.
/// </summary>
[XunitTestCaseDiscoverer("NodeManager.Testing.StoreFactDiscoverer", TestAssembly.Name)]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;
