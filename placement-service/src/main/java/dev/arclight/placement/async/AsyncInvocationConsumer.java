package dev.arclight.placement.async;

import dev.arclight.contracts.invocation.AsyncInvocationEvent;
import dev.arclight.contracts.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@link Topics#ASYNC_INVOCATIONS} in the consumer group every placement instance shares,
 * one event at a time per consumer thread, and commits an event's offset only once it has
 * finished: succeeded, or stored on the dead-letter topic. An instance killed mid-event has
 * committed nothing for it, so Kafka hands its partitions, from the last committed offset, to the
 * instances left, and the event runs again there: at least once.
 */
class AsyncInvocationConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AsyncInvocationConsumer.class);

    private final String name;
    private final Map<String, Object> kafkaProperties;
    private final AsyncEventRunner runner;
    private final AsyncProperties properties;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;

    /** Consumer threads in the middle of an event, to interrupt when giving up. */
    private final Set<Thread> busy = new HashSet<>();

    private volatile ConcurrentMessageListenerContainer<String, AsyncInvocationEvent> container;
    private volatile boolean abandoning;

    /**
     * @param name names the consumer threads ({@code <name>-<n>-C-1}) and the Kafka client id
     * @param kafkaProperties the connection settings (bootstrap servers, security)
     * @param observations Spring's registry while tracing is on (each event is then a span in the
     *     trace its record's {@code traceparent} names), else {@link ObservationRegistry#NOOP}
     */
    AsyncInvocationConsumer(
            String name,
            Map<String, Object> kafkaProperties,
            AsyncEventRunner runner,
            AsyncProperties properties,
            JsonMapper json,
            MeterRegistry meters,
            ObservationRegistry observations) {
        this.name = name;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.runner = runner;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.observations = observations;
    }

    String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        abandoning = false;
        var containerProperties = new ContainerProperties(Topics.ASYNC_INVOCATIONS);
        containerProperties.setGroupId(properties.groupId());
        containerProperties.setClientId(name);
        containerProperties.setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        containerProperties.setMessageListener(
                (AcknowledgingMessageListener<String, AsyncInvocationEvent>) this::onEvent);
        if (observations != ObservationRegistry.NOOP) {
            containerProperties.setObservationEnabled(true);
            containerProperties.setObservationRegistry(observations);
        }
        var created = new ConcurrentMessageListenerContainer<>(consumerFactory(), containerProperties);
        created.setConcurrency(properties.consumers());
        created.setBeanName(name);
        // A failure outside the runner (the dead-letter topic unreachable, an interrupt while not
        // stopping) must never skip an event: seek back and run it again, for as long as it takes.
        // Records that cannot be read at all are not retried; they are logged and skipped.
        created.setCommonErrorHandler(
                new DefaultErrorHandler(new FixedBackOff(1_000, FixedBackOff.UNLIMITED_ATTEMPTS)));
        created.start();
        container = created;
        log.info("Consuming {} as {} in group {}", Topics.ASYNC_INVOCATIONS, name, properties.groupId());
    }

    private DefaultKafkaConsumerFactory<String, AsyncInvocationEvent> consumerFactory() {
        var config = new java.util.HashMap<>(kafkaProperties);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Events accepted before the group first existed must run too.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One event per poll: the next poll comes only after it finished, retries included.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                properties.maxEventDuration().toMillis());
        var values = new JacksonJsonDeserializer<AsyncInvocationEvent>(AsyncInvocationEvent.class, json, false);
        return new DefaultKafkaConsumerFactory<>(
                config, new StringDeserializer(), new ErrorHandlingDeserializer<>(values));
    }

    private void onEvent(ConsumerRecord<String, AsyncInvocationEvent> record, Acknowledgment ack) {
        var thread = Thread.currentThread();
        synchronized (busy) {
            busy.add(thread);
        }
        try {
            var result = runner.run(record.key(), record.value(), () -> abandoning);
            meters.counter("arclight.placement.async.events", "result", resultName(result))
                    .increment();
            if (result instanceof AsyncEventRunner.Result.Abandoned) {
                if (!abandoning) {
                    throw new IllegalStateException(
                            "Event " + record.value().requestId() + " interrupted; running it again");
                }
                // Stopping: the offset stays uncommitted and another instance runs the event.
                log.warn(
                        "Gave up event {} while stopping; another instance will run it",
                        record.value().requestId());
                return;
            }
            ack.acknowledge();
        } finally {
            synchronized (busy) {
                busy.remove(thread);
                Thread.interrupted(); // an interrupt meant for this event must not reach the next poll
            }
        }
    }

    private static String resultName(AsyncEventRunner.Result result) {
        return switch (result) {
            case AsyncEventRunner.Result.Succeeded ignored -> "succeeded";
            case AsyncEventRunner.Result.DeadLettered ignored -> "dead-lettered";
            case AsyncEventRunner.Result.Abandoned ignored -> "abandoned";
        };
    }

    /** Lets events in progress finish for {@code shutdown-grace}, then abandons them uncommitted. */
    @Override
    public void stop() {
        stop(properties.shutdownGrace());
    }

    /**
     * Stops consuming. Events still running after {@code grace} are given up without committing
     * their offsets, exactly as if this instance had been killed: another instance runs them again.
     */
    synchronized void stop(Duration grace) {
        var running = container;
        if (running == null) {
            return;
        }
        var stopped = new CountDownLatch(1);
        running.stop(stopped::countDown);
        try {
            if (!stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                abandoning = true;
                synchronized (busy) {
                    busy.forEach(Thread::interrupt);
                }
                // Not long: the consumer may be stuck closing against a broker that is gone, and
                // nothing is left to protect once the events are given up.
                if (!stopped.await(5, TimeUnit.SECONDS)) {
                    log.warn("Consumer {} did not stop within 5 s of giving up its events", name);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        container = null;
    }

    @Override
    public boolean isRunning() {
        return container != null;
    }

    /** Stops before the concurrency limiter the events' calls hold slots of. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
