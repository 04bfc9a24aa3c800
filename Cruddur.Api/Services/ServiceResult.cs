namespace Cruddur.Api.Services;

/// <summary>
/// What a service returns, as the original's <c>model</c> dictionary did: the data, or the error
/// codes the front end shows, or that the thing asked about does not exist.
/// </summary>
internal sealed record ServiceResult<T>(T? Data, IReadOnlyList<string> Errors, bool Missing = false)
{
    public bool Succeeded => Errors.Count == 0 && !Missing;

    public static ServiceResult<T> Success(T data) => new(data, []);

    public static ServiceResult<T> Invalid(IReadOnlyList<string> errors) => new(default, errors);

    public static ServiceResult<T> NotFound() => new(default, [], Missing: true);
}
