namespace SoraFunctions.Api;

/// <summary>
/// A value shared by every request of a process and worked out again once it is older than its lifetime (or when the
/// last working-out failed): one request works it out for all that arrive meanwhile. It is worked out without a
/// request's cancellation, since others wait for it too.
/// </summary>
public sealed class Kept<T>(Func<Task<T>> workOut, Func<TimeSpan> lifetime, TimeProvider time)
{
    private Task<(DateTimeOffset At, T Value)>? current;

    public async Task<T> GetAsync()
    {
        var known = current;
        if (known is null || known.IsFaulted || known.IsCanceled || (known.IsCompletedSuccessfully && time.GetUtcNow() - known.Result.At >= lifetime()))
        {
            known = current = WorkOutAsync();
        }

        return (await known).Value;
    }

    private async Task<(DateTimeOffset At, T Value)> WorkOutAsync()
    {
        var at = time.GetUtcNow();
        return (at, await workOut());
    }
}
