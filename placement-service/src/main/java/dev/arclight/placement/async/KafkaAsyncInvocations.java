package dev.arclight.placement.async;

import dev.arclight.contracts.invocation.AsyncInvocationEvent;
import dev.arclight.contracts.topic.Topics;
import dev.arclight.placement.invocation.AsyncInvocations;
import dev.arclight.placement.invocation.Invocation;
import dev.arclight.placement.lambda.FunctionArns;
import dev.arclight.placement.lambda.LambdaException.ServiceException;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Accepts an {@code Event} call by putting it on {@link Topics#ASYNC_INVOCATIONS}, keyed by the
 * function's ARN, and returns only once Kafka has acknowledged it from all in-sync replicas
 * (idempotent producer, {@code acks=all}): from then on the event survives the loss of any
 * placement instance. The caller has already resolved the function (an unknown one is refused at once,
 * 404, as Lambda does), so nothing is looked up again here.
 */
class KafkaAsyncInvocations implements AsyncInvocations {

    private static final Logger log = LoggerFactory.getLogger(KafkaAsyncInvocations.class);

    private final KafkaTemplate<String, Object> kafka;
    private final FunctionArns arns;
    private final AsyncProperties properties;
    private final Clock clock;

    KafkaAsyncInvocations(
            KafkaTemplate<String, Object> kafka, FunctionArns arns, AsyncProperties properties, Clock clock) {
        this.kafka = kafka;
        this.arns = arns;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String accept(Invocation invocation) {
        var event = new AsyncInvocationEvent(
                invocation.requestId(),
                invocation.tenant(),
                invocation.functionName(),
                invocation.qualifier(),
                invocation.payload(),
                1,
                clock.instant());
        var key = arns.functionArn(invocation.caller().accountId(), invocation.functionName());
        try {
            kafka.send(Topics.ASYNC_INVOCATIONS, key, event)
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("Interrupted while queueing the event");
        } catch (ExecutionException | TimeoutException e) {
            // Not acknowledged: the caller must not get a 202, and may retry (the send may still land:
            // the event would then run twice, which at-least-once allows).
            log.error("Could not queue event {} of {}", invocation.requestId(), key, e);
            throw new ServiceException("Could not queue the event, try again");
        }
        return invocation.requestId();
    }
}
