package dev.arclight.placement.async;

import dev.arclight.contracts.invocation.AsyncInvocationFailure;
import dev.arclight.contracts.topic.Topics;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Stores a failed event on {@link Topics#ASYNC_INVOCATIONS_DEAD_LETTER} before its offset is
 * committed: if this fails, the event is not committed either and runs again.
 */
class KafkaDeadLetters implements AsyncEventRunner.DeadLetters {

    private final KafkaTemplate<String, Object> kafka;
    private final AsyncProperties properties;

    KafkaDeadLetters(KafkaTemplate<String, Object> kafka, AsyncProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public void publish(String key, AsyncInvocationFailure failure) {
        try {
            kafka.send(Topics.ASYNC_INVOCATIONS_DEAD_LETTER, key, failure)
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while dead-lettering " + failure.event().requestId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Could not dead-letter " + failure.event().requestId(), e);
        }
    }
}
