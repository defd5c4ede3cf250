package dev.arclight.placement.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.AsyncInvocationEvent;
import dev.arclight.contracts.invocation.AsyncInvocationFailure;
import dev.arclight.placement.invocation.Invocation;
import dev.arclight.placement.invocation.InvocationOutcome;
import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.lambda.LambdaException.ResourceNotFoundException;
import dev.arclight.placement.lambda.LambdaException.ServiceException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException;
import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AsyncEventRunnerTests {

    static final AsyncInvocationEvent EVENT = new AsyncInvocationEvent(
            "req-1", "acme", "fn", null, "{\"a\":1}", 1, Instant.parse("2026-01-01T00:00:00Z"));

    final List<Duration> waits = new ArrayList<>();
    final List<AsyncInvocationFailure> deadLetters = new ArrayList<>();
    final List<Invocation> calls = new ArrayList<>();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    AsyncEventRunner runner(int retries, IntFunction<InvocationOutcome> callNumber) {
        var properties = new AsyncProperties(
                retries,
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                "group",
                1,
                1,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1));
        var clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new AsyncEventRunner(
                invocation -> {
                    calls.add(invocation);
                    return callNumber.apply(calls.size());
                },
                (tenant, function) -> new Caller(tenant, "123456789012"),
                (key, failure) -> deadLetters.add(failure),
                properties,
                duration -> {
                    waits.add(duration);
                    now = now.plus(duration);
                },
                clock,
                JsonMapper.builder().build());
    }

    static InvocationOutcome ok() {
        return new InvocationOutcome.Succeeded("1", "{}", "", 1);
    }

    static InvocationOutcome failed() {
        return new InvocationOutcome.FunctionFailed(
                "1", "Unhandled", "{\"errorMessage\":\"boom\",\"errorType\":\"ValueError\",\"stackTrace\":[]}", "", 1);
    }

    @Test
    void succeedsOnTheThirdAttemptWithoutADeadLetter() {
        var result = runner(2, n -> n < 3 ? failed() : ok()).run("arn", EVENT, () -> false);

        assertThat(result).isEqualTo(new AsyncEventRunner.Result.Succeeded(3));
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(deadLetters).isEmpty();
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.requestId()).isEqualTo("req-1");
            assertThat(call.payload()).isEqualTo("{\"a\":1}");
        });
    }

    @Test
    void deadLettersTheFunctionsLastErrorAfterAllRetries() {
        var result = runner(2, n -> failed()).run("arn", EVENT, () -> false);

        assertThat(result).isInstanceOf(AsyncEventRunner.Result.DeadLettered.class);
        assertThat(calls).hasSize(3);
        assertThat(deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.event()).isEqualTo(EVENT);
            assertThat(dead.errorType()).isEqualTo("ValueError");
            assertThat(dead.errorMessage()).isEqualTo("boom");
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.failedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:03Z"));
        });
    }

    @Test
    void repeatsTheLastBackoffWhenThereAreMoreRetriesThanWaits() {
        runner(4, n -> failed()).run("arn", EVENT, () -> false);

        assertThat(waits)
                .containsExactly(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(deadLetters)
                .singleElement()
                .extracting(AsyncInvocationFailure::attempts)
                .isEqualTo(5);
    }

    @Test
    void runsOnceWithoutRetries() {
        runner(0, n -> failed()).run("arn", EVENT, () -> false);

        assertThat(calls).hasSize(1);
        assertThat(waits).isEmpty();
        assertThat(deadLetters).hasSize(1);
    }

    @Test
    void retriesAPlacementFailureLikeAFunctionError() {
        var result = runner(2, n -> {
                    if (n == 1) {
                        throw new ServiceException("worker lost");
                    }
                    return ok();
                })
                .run("arn", EVENT, () -> false);

        assertThat(result).isEqualTo(new AsyncEventRunner.Result.Succeeded(2));
    }

    @Test
    void aThrottleDoesNotUseUpAnAttempt() {
        var result = runner(2, n -> {
                    if (n % 2 == 1) {
                        throw throttled();
                    }
                    return failed();
                })
                .run("arn", EVENT, () -> false);

        assertThat(result).isInstanceOf(AsyncEventRunner.Result.DeadLettered.class);
        assertThat(calls).hasSize(6);
        assertThat(deadLetters)
                .singleElement()
                .extracting(AsyncInvocationFailure::attempts)
                .isEqualTo(3);
    }

    @Test
    void deadLettersAnEventThrottledForLongerThanTheLimit() {
        var result = runner(2, n -> {
                    throw throttled();
                })
                .run("arn", EVENT, () -> false);

        assertThat(result).isInstanceOf(AsyncEventRunner.Result.DeadLettered.class);
        // 5 s of throttling at 0.5 s a wait, then one more try.
        assertThat(calls).hasSize(11);
        assertThat(deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.errorType()).isEqualTo("TooManyRequestsException");
            assertThat(dead.attempts()).isEqualTo(1);
        });
    }

    @Test
    void deadLettersAtOnceWhenTheFunctionIsGone() {
        runner(2, n -> {
                    throw new ResourceNotFoundException("Function not found: fn");
                })
                .run("arn", EVENT, () -> false);

        assertThat(calls).hasSize(1);
        assertThat(waits).isEmpty();
        assertThat(deadLetters)
                .singleElement()
                .extracting(AsyncInvocationFailure::errorType)
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void givesTheEventUpWithoutADeadLetterWhenAbandoned() {
        var abandoned = new boolean[1];
        var result = runner(2, n -> {
                    abandoned[0] = true;
                    throw new IllegalStateException("interrupted");
                })
                .run("arn", EVENT, () -> abandoned[0]);

        assertThat(result).isInstanceOf(AsyncEventRunner.Result.Abandoned.class);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void givesTheEventUpWhenItsBackoffIsInterrupted() {
        var runner = new AsyncEventRunner(
                invocation -> failed(),
                (tenant, function) -> new Caller(tenant, "123456789012"),
                (key, failure) -> deadLetters.add(failure),
                new AsyncProperties(
                        2,
                        List.of(Duration.ofSeconds(1)),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        "g",
                        1,
                        1,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(1)),
                duration -> {
                    throw new InterruptedException();
                },
                Clock.systemUTC(),
                JsonMapper.builder().build());

        assertThat(runner.run("arn", EVENT, () -> false)).isInstanceOf(AsyncEventRunner.Result.Abandoned.class);
        assertThat(deadLetters).isEmpty();
    }

    static TooManyRequestsException throttled() {
        return new TooManyRequestsException("Rate Exceeded.", Reason.ConcurrentInvocationLimitExceeded, Duration.ZERO);
    }
}
