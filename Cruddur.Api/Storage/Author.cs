namespace Cruddur.Api.Storage;

/// <summary>Who writes something: the handle and the name shown next to it.</summary>
public sealed record Author(string Handle, string DisplayName);
