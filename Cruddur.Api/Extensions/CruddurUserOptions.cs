namespace Cruddur.Api.Extensions;

/// <summary>
/// The acting user. There is no sign-in yet, so every post is made as this user, as in the
/// original back end (section <c>Cruddur:User</c>).
/// </summary>
public sealed class CruddurUserOptions
{
    public const string SectionName = "Cruddur:User";

    public string Handle { get; set; } = "andrewbrown";

    public string DisplayName { get; set; } = "Andrew Brown";
}
