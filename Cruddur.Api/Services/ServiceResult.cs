namespace Cruddur.Api.Services;

/// <summary>
/// What a service returns, as the original's <c>model</c> dictionary did: the data, or the error
/// code the front end shows (one, as the original's <c>model['errors'] = [code]</c> left it), or that
/// the thing asked about does not exist.
/// </summary>
internal sealed record ServiceResult<T>(T? Data, IReadOnlyList<string> Errors, bool Missing = false)
{
    public bool Succeeded => Errors.Count == 0 && !Missing;

    public static ServiceResult<T> Success(T data) => new(data, []);

    public static ServiceResult<T> Invalid(string error) => new(default, [error]);

    public static ServiceResult<T> NotFound() => new(default, [], Missing: true);
}
