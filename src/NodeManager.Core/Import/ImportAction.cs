namespace NodeManager.Core.Import;

public enum ImportAction
{
    Create = 1,
    Update = 2,
    Unchanged = 3,
    Conflict = 4,
    Invalid = 5,
}
