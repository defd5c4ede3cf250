package dev.arclight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.topic.Topics;
import dev.arclight.testkit.KafkaTestClient;
import dev.arclight.testkit.RealInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * The load a kill test kills a service under: one loop of synchronous calls, back to back, and one
 * of {@code Event} calls, one every 2 s, side by side, until {@link #stop}. The event function always fails, so each event it
 * acknowledged (202) ends on the dead-letter topic after its retries, where {@link
 * #assertNoAcknowledgedEventLost} counts them; an event the platform refused is the caller's to
 * retry and is not counted. Every synchronous call's status is kept (a broken connection, which the
 * SDK reports without one, as {@link #NO_ANSWER}) with the longest call, so a test can say which
 * answers it allows and that none hung.
 */
final class MixedLoad implements AutoCloseable {

    /** The status recorded for a call that got no HTTP answer at all (the gateway itself was down). */
    static final int NO_ANSWER = -1;

    private static final Duration PER_EVENT = Duration.ofSeconds(6);

    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService loops = Executors.newVirtualThreadPerTaskExecutor();
    private final Future<Duration> longestCall;

    private MixedLoad(
            LambdaClient lambda,
            String syncFunction,
            String syncPayload,
            String failingFunction,
            Duration eventInterval) {
        longestCall = loops.submit(() -> {
            var longest = Duration.ZERO;
            while (running.get()) {
                long began = System.nanoTime();
                statuses.add(call(lambda, syncFunction, syncPayload));
                var took = Duration.ofNanos(System.nanoTime() - began);
                longest = took.compareTo(longest) > 0 ? took : longest;
            }
            return longest;
        });
        loops.submit(() -> {
            while (running.get()) {
                try {
                    var accepted = lambda.invoke(r -> r.functionName(failingFunction)
                            .invocationType(InvocationType.EVENT)
                            .payload(SdkBytes.fromUtf8String("{}")));
                    if (accepted.statusCode() == 202) {
                        acknowledged.add(accepted.responseMetadata().requestId());
                    }
                } catch (RuntimeException e) {
                    // not acknowledged: the caller would retry it
                }
                Thread.sleep(eventInterval);
            }
            return null;
        });
    }

    /** Starts both loops: {@code syncFunction} called with {@code syncPayload}, back to back. */
    static MixedLoad start(LambdaClient lambda, String syncFunction, String syncPayload, String failingFunction) {
        return new MixedLoad(lambda, syncFunction, syncPayload, failingFunction, Duration.ofSeconds(2));
    }

    /** Ends both loops once their calls in flight end; the longest synchronous call. */
    Duration stop() throws Exception {
        running.set(false);
        var longest = longestCall.get(3, TimeUnit.MINUTES);
        loops.shutdown();
        assertThat(loops.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        return longest;
    }

    List<Integer> syncStatuses() {
        return List.copyOf(statuses);
    }

    List<String> acknowledgedEvents() {
        return List.copyOf(acknowledged);
    }

    /** Every event the platform acknowledged reached the dead-letter topic, and there was at least one. */
    void assertNoAcknowledgedEventLost() {
        var events = acknowledgedEvents();
        assertThat(events).as("events acknowledged under the load").isNotEmpty();
        // One function's events run one at a time (its partition, one event per poll), each taking
        // its three attempts and 3 s of back-off: the wait grows with the backlog.
        var drain = Duration.ofSeconds(120).plus(PER_EVENT.multipliedBy(events.size()));
        var kafka = new KafkaTestClient(RealInfrastructure.kafka());
        assertThat(kafka.awaitValuesContaining(Topics.ASYNC_INVOCATIONS_DEAD_LETTER, events, drain))
                .as("acknowledged events (of %d) never dead-lettered", events.size())
                .isEmpty();
    }

    @Override
    public void close() throws Exception {
        if (running.get()) {
            stop();
        }
    }

    private static int call(LambdaClient lambda, String function, String payload) {
        try {
            return lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)))
                    .statusCode();
        } catch (LambdaException e) {
            return e.statusCode();
        } catch (RuntimeException e) {
            return NO_ANSWER;
        }
    }
}
