using Cruddur.Api.Model;
using Cruddur.Api.Storage;

namespace Cruddur.Api.Services;

/// <summary>Live cruds whose text contains the term, ignoring case.</summary>
internal sealed class SearchActivities(ICruddurStore store)
{
    public async Task<ServiceResult<IReadOnlyList<Activity>>> RunAsync(string? term, CancellationToken cancellationToken)
    {
        if (MessageText.IsBlank(term))
        {
            return ServiceResult<IReadOnlyList<Activity>>.Invalid(ErrorCodes.SearchTermBlank);
        }

        var results = await store.SearchAsync(term!.Trim(), cancellationToken);
        return ServiceResult<IReadOnlyList<Activity>>.Success(results);
    }
}
