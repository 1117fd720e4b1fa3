namespace NodeManager.Testing;

/// <summary>The one generous limit every awaited task in a test gets (<c>.WaitAsync(TestTimeout.Default)</c>).</summary>
public static class TestTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);
}
