using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SoraFunctions.Orchestrations.Scenarios;

// Small orchestrators and activities the engine tests run, on either engine.

public sealed class Probe
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>When each attempt of an activity began, per instance.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<DateTime>> AttemptTimes { get; } = new();

    public int Running;

    public int MaxRunning;

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class AddOneActivity(Probe probe) : Activity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input)
    {
        probe.Calls.Enqueue($"{context.InstanceId}:{input}");
        return Task.FromResult(input + 1);
    }
}

public sealed class EchoGuidActivity : Activity<Guid, Guid>
{
    public override Task<Guid> RunAsync(TaskActivityContext context, Guid input) => Task.FromResult(input);
}

/// <summary>Fails with a typed exception until its attempt number reaches the input.</summary>
public sealed class FlakyActivity(Probe probe) : Activity<int, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, int succeedOnAttempt)
    {
        var attempt = probe.Attempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
        probe.AttemptTimes.GetOrAdd(context.InstanceId, _ => new()).Enqueue(DateTime.UtcNow);
        return attempt < succeedOnAttempt
            ? throw new TimeoutException($"attempt {attempt} timed out")
            : Task.FromResult($"ok after {attempt}");
    }
}

/// <summary>Fails every time with an error no retry filter accepts.</summary>
public sealed class BrokenActivity(Probe probe) : Activity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        probe.Attempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
        throw new InvalidOperationException($"{input} is broken");
    }
}

/// <summary>Counts how many run at once, and holds until the probe releases them.</summary>
public sealed class HoldActivity(Probe probe) : Activity<int, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        var running = Interlocked.Increment(ref probe.Running);
        InterlockedMax(ref probe.MaxRunning, running);
        try
        {
            await probe.Release.Task.WaitAsync(context.CancellationToken);
            return input;
        }
        finally
        {
            Interlocked.Decrement(ref probe.Running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = target; value > current; current = target)
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}

public sealed class ChainOrchestration : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int input)
    {
        var value = input;
        for (var step = 0; step < 3; step++)
        {
            value = await context.CallActivityAsync<int>(nameof(AddOneActivity), value);
        }

        return value;
    }
}

public sealed record ReplayReport(Guid FirstGuid, Guid EchoedGuid, Guid SecondGuid, int Runs);

/// <summary>Generates a GUID, passes it through an activity, waits for an event, then reports what it saw.</summary>
public sealed class ReplayOrchestration : Orchestrator<string, ReplayReport>
{
    public static int Runs;

    public override async Task<ReplayReport> RunAsync(OrchestrationContext context, string input)
    {
        Interlocked.Increment(ref Runs);
        var logger = context.CreateReplaySafeLogger<ReplayOrchestration>();
        var first = context.NewGuid();
        logger.LogInformation("first guid {Guid}", first);
        var echoed = await context.CallActivityAsync<Guid>(nameof(EchoGuidActivity), first);
        logger.LogInformation("echoed");
        await context.WaitForExternalEvent<string>("go");
        logger.LogInformation("got go");
        var second = context.NewGuid();
        return new ReplayReport(first, echoed, second, Runs);
    }
}

public sealed class FanOutOrchestration : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int count)
    {
        var results = await Task.WhenAll(
            Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>(nameof(AddOneActivity), i)));
        return results.Sum();
    }
}

public sealed class ParentOrchestration : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int input)
    {
        var fromChild = await context.CallSubOrchestratorAsync<int>(nameof(ChainOrchestration), input);
        return fromChild * 10;
    }
}

public sealed class FailingChildParentOrchestration : Orchestrator<string, string>
{
    public override async Task<string> RunAsync(OrchestrationContext context, string input)
    {
        try
        {
            await context.CallSubOrchestratorAsync(nameof(ThrowingOrchestration), input);
            return "child succeeded";
        }
        catch (TaskFailedException failure)
        {
            return $"{failure.TaskName} failed with {failure.FailureDetails.ErrorType}: {failure.FailureDetails.ErrorMessage}";
        }
    }
}

public sealed class ThrowingOrchestration : Orchestrator<string, string>
{
    public override Task<string> RunAsync(OrchestrationContext context, string input) =>
        throw new InvalidOperationException($"refusing {input}");
}

public sealed record RetryInput(int SucceedOnAttempt, int MaxAttempts);

public sealed class RetryOrchestration : Orchestrator<RetryInput, string>
{
    public static readonly RetryPolicy Policy = new(
        maxNumberOfAttempts: 3,
        firstRetryInterval: TimeSpan.FromMilliseconds(200),
        backoffCoefficient: 2.0);

    public override async Task<string> RunAsync(OrchestrationContext context, RetryInput input)
    {
        var policy = new RetryPolicy(input.MaxAttempts, Policy.FirstRetryInterval, Policy.BackoffCoefficient);
        try
        {
            return await context.CallActivityAsync<string>(
                nameof(FlakyActivity), input.SucceedOnAttempt, TaskOptions.FromRetryPolicy(policy));
        }
        catch (TaskFailedException failure)
        {
            return $"gave up: {failure.FailureDetails.ErrorType}: {failure.FailureDetails.ErrorMessage}";
        }
    }
}

/// <summary>Retries timeouts only: a call that fails otherwise fails at once.</summary>
public sealed class FilteredRetryOrchestration : Orchestrator<string, string>
{
    public override async Task<string> RunAsync(OrchestrationContext context, string input)
    {
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(100)) { Handle = failure => failure.ErrorType == typeof(TimeoutException).FullName };
        try
        {
            return await context.CallActivityAsync<string>(nameof(BrokenActivity), input, TaskOptions.FromRetryPolicy(policy));
        }
        catch (TaskFailedException failure)
        {
            return $"gave up: {failure.FailureDetails.ErrorType}: {failure.FailureDetails.ErrorMessage}";
        }
    }
}

/// <summary>Runs an activity first, so an event raised right after scheduling arrives before the wait begins.</summary>
public sealed class EventAfterWorkOrchestration : Orchestrator<int, string>
{
    public override async Task<string> RunAsync(OrchestrationContext context, int input)
    {
        await context.CallActivityAsync<int>(nameof(AddOneActivity), input);
        return await context.WaitForExternalEvent<string>("Approval");
    }
}

public sealed class TimerThenEventOrchestration : Orchestrator<int, string>
{
    public override async Task<string> RunAsync(OrchestrationContext context, int delayMs)
    {
        var started = context.CurrentUtcDateTime;
        await context.CreateTimer(TimeSpan.FromMilliseconds(delayMs), CancellationToken.None);
        context.SetCustomStatus("timer fired");
        var payload = await context.WaitForExternalEvent<string>("resume");
        return $"{payload} after {(context.CurrentUtcDateTime - started).TotalMilliseconds >= delayMs}";
    }
}

public sealed class WaitWithTimeoutOrchestration : Orchestrator<int, string>
{
    public override async Task<string> RunAsync(OrchestrationContext context, int timeoutMs)
    {
        try
        {
            return await context.WaitForExternalEvent<string>("never", TimeSpan.FromMilliseconds(timeoutMs));
        }
        catch (OperationCanceledException)
        {
            return "timed out";
        }
    }
}

public sealed class CounterOrchestration : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int count)
    {
        if (count >= 40)
        {
            return count;
        }

        await context.CallActivityAsync<int>(nameof(AddOneActivity), count);
        context.ContinueAsNew(count + 1);
        return count;
    }
}

public sealed class WaitForeverOrchestration : Orchestrator<string, string>
{
    public override Task<string> RunAsync(OrchestrationContext context, string input) =>
        context.WaitForExternalEvent<string>("never");
}

/// <summary>Version 1 schedules AddOne, then waits.</summary>
public sealed class VersionOneOrchestration : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int input)
    {
        var value = await context.CallActivityAsync<int>(nameof(AddOneActivity), input);
        await context.WaitForExternalEvent<string>("continue");
        return value;
    }
}

/// <summary>Version 2 of the same workflow schedules a different activity first.</summary>
public sealed class VersionTwoOrchestration : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int input)
    {
        await context.CallActivityAsync<Guid>(nameof(EchoGuidActivity), Guid.Empty);
        var value = await context.CallActivityAsync<int>(nameof(AddOneActivity), input);
        await context.WaitForExternalEvent<string>("continue");
        return value;
    }
}

public sealed class HoldManyOrchestration : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int count)
    {
        var results = await Task.WhenAll(
            Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>(nameof(HoldActivity), i)));
        return results.Length;
    }
}

public sealed class LeavesThreadOrchestration : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int input)
    {
        // Long enough never to be complete by the time it is awaited, so the code always leaves the thread here.
        await Task.Delay(TimeSpan.FromSeconds(1));
        return await context.CallActivityAsync<int>(nameof(AddOneActivity), input);
    }
}
