package dev.arclight.placement.async;

import dev.arclight.contracts.invocation.AsyncInvocationEvent;
import dev.arclight.contracts.invocation.AsyncInvocationFailure;
import dev.arclight.placement.invocation.Invocation;
import dev.arclight.placement.invocation.InvocationOutcome;
import dev.arclight.placement.invocation.Invoker;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.FunctionReference;
import dev.arclight.placement.lambda.LambdaException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one asynchronous event to its end: success, or the dead-letter topic.
 *
 * <ul>
 *   <li>A function error, a 5xx from placement (no capacity, worker lost) or any other failure uses
 *       up an attempt; after {@code 1 + retries} attempts the event is dead-lettered with the last
 *       error. Between attempts it waits {@code backoff}.
 *   <li>A throttle (429) does not use up an attempt: the event waits {@code throttle-backoff} and
 *       tries again, for at most {@code max-throttled-wait} in all, then is dead-lettered.
 *   <li>Any other 4xx (the function or qualifier no longer exists) cannot get better by waiting: the
 *       event is dead-lettered at once.
 *   <li>When the consumer is told to give up ({@code abandoned}), the event is left as it is: its
 *       offset stays uncommitted, and another instance runs it again from the first attempt.
 * </ul>
 *
 * The waits happen on the consumer's thread, so an event that waits holds its partition: events
 * behind it on that partition wait too. That is the price of committing offsets in order, which is
 * what makes a killed instance lose nothing.
 */
class AsyncEventRunner {

    private static final Logger log = LoggerFactory.getLogger(AsyncEventRunner.class);

    /** How an event ended on this instance. */
    sealed interface Result {
        record Succeeded(int attempts) implements Result {}

        record DeadLettered(AsyncInvocationFailure failure) implements Result {}

        record Abandoned() implements Result {}
    }

    /** Waits; a test can count the waits instead. Throws when the wait is interrupted. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Puts a failed event on the dead-letter topic under {@code key}; returns once it is stored. */
    interface DeadLetters {
        void publish(String key, AsyncInvocationFailure failure);
    }

    /** The caller of an event's tenant; throws Lambda's 404 for a tenant placement does not know. */
    interface Callers {
        Caller of(String tenant, String functionName);
    }

    private final Invoker invoker;
    private final Callers callers;
    private final DeadLetters deadLetters;
    private final AsyncProperties properties;
    private final Sleeper sleeper;
    private final Clock clock;
    private final JsonMapper json;

    AsyncEventRunner(
            Invoker invoker,
            Callers callers,
            DeadLetters deadLetters,
            AsyncProperties properties,
            Sleeper sleeper,
            Clock clock,
            JsonMapper json) {
        this.invoker = invoker;
        this.callers = callers;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.sleeper = sleeper;
        this.clock = clock;
        this.json = json;
    }

    /**
     * @param key the event's record key, which its dead letter keeps
     * @param abandoned true once the consumer gives the event up (it is stopping)
     */
    Result run(String key, AsyncInvocationEvent event, BooleanSupplier abandoned) {
        Invocation invocation;
        try {
            var caller = callers.of(event.tenant(), event.functionName());
            var function = new FunctionReference(event.functionName(), event.qualifier());
            invocation = new Invocation(event.requestId(), caller, function, event.payload(), false, null);
        } catch (LambdaException e) {
            return deadLetter(key, event, new Failure(e.type(), e.getMessage()), event.attempt());
        }
        int attempt = event.attempt();
        int lastAttempt = event.attempt() + properties.retries();
        Instant firstThrottle = null;
        while (true) {
            if (abandoned.getAsBoolean()) {
                return new Result.Abandoned();
            }
            Failure failure;
            try {
                var outcome = invoker.invoke(invocation);
                switch (outcome) {
                    case InvocationOutcome.Succeeded succeeded -> {
                        return new Result.Succeeded(attempt);
                    }
                    case InvocationOutcome.FunctionFailed failed -> failure = functionError(failed);
                }
            } catch (TooManyRequestsException e) {
                var now = clock.instant();
                firstThrottle = firstThrottle == null ? now : firstThrottle;
                if (Duration.between(firstThrottle, now).compareTo(properties.maxThrottledWait()) < 0) {
                    if (!pause(properties.throttleBackoff())) {
                        return new Result.Abandoned();
                    }
                    continue;
                }
                return deadLetter(key, event, new Failure(e.type(), e.getMessage()), attempt);
            } catch (LambdaException e) {
                if (abandoned.getAsBoolean()) {
                    return new Result.Abandoned();
                }
                if (e.status().is4xxClientError()) {
                    return deadLetter(key, event, new Failure(e.type(), e.getMessage()), attempt);
                }
                failure = new Failure(e.type(), e.getMessage());
            } catch (RuntimeException e) {
                if (abandoned.getAsBoolean()) {
                    return new Result.Abandoned();
                }
                log.warn("Attempt {} of event {} failed", attempt, event.requestId(), e);
                failure = new Failure("ServiceException", String.valueOf(e.getMessage()));
            }
            if (attempt >= lastAttempt) {
                return deadLetter(key, event, failure, attempt);
            }
            log.info("Event {} failed on attempt {} ({}); retrying", event.requestId(), attempt, failure.type());
            if (!pause(properties.backoffBefore(attempt - event.attempt() + 1))) {
                return new Result.Abandoned();
            }
            attempt++;
        }
    }

    private record Failure(String type, String message) {}

    private Failure functionError(InvocationOutcome.FunctionFailed failed) {
        try {
            var body = json.readTree(failed.errorJson());
            var type = body.path("errorType").asString(failed.errorType());
            var message = body.path("errorMessage").asString("");
            return new Failure(type.isEmpty() ? failed.errorType() : type, message);
        } catch (RuntimeException e) {
            return new Failure(failed.errorType(), failed.errorJson());
        }
    }

    private Result deadLetter(String key, AsyncInvocationEvent event, Failure failure, int attempts) {
        var dead = new AsyncInvocationFailure(event, failure.type(), failure.message(), attempts, clock.instant());
        deadLetters.publish(key, dead);
        log.warn(
                "Event {} of {} dead-lettered after {} attempt(s): {}",
                event.requestId(),
                event.functionName(),
                attempts,
                failure.type());
        return new Result.DeadLettered(dead);
    }

    /** False when the wait was interrupted: the consumer is giving the event up. */
    private boolean pause(Duration duration) {
        try {
            sleeper.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
