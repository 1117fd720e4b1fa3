namespace NodeManager.Testing;

/// <summary>
/// Marks a test class whose <see cref="StoreFactAttribute"/> tests need the PostgreSQL server named by
/// <c>NODEMANAGER_TEST_POSTGRES</c>. Without it they skip on a laptop and fail when <c>CI=true</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPostgresAttribute : Attribute;
