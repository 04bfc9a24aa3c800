using System.ComponentModel.DataAnnotations;

namespace Cruddur.Api.Extensions;

/// <summary>
/// The acting user. There is no sign-in yet, so every post is made as this user, as in the
/// original back end (section <c>Cruddur:User</c>).
/// </summary>
public sealed class CruddurUserOptions
{
    public const string SectionName = "Cruddur:User";

    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9_]{1,32}$", ErrorMessage = "Cruddur:User:Handle must be 1-32 letters, digits or underscores.")]
    public string Handle { get; set; } = "andrewbrown";

    [Required(AllowEmptyStrings = false)]
    [StringLength(64, MinimumLength = 1)]
    public string DisplayName { get; set; } = "Andrew Brown";
}
