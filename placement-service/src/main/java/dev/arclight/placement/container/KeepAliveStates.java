package dev.arclight.placement.container;

import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.keepalive.KeepAlivePolicy;
import dev.arclight.placement.shutdown.ShutdownWrite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Carries the learnt keep-alive over a restart: the state of both policies (per function version
 * and per tenant: their idle-time histograms and the population's) is one {@code keepalive_states}
 * row each, keyed by this instance's id and the policy's kind. Read at start, before any call is
 * served; written every {@code interval} and on shutdown (waiting at most 5 s for the database). A restart therefore loses at most one
 * interval of invocations; an instance that crashes loses the same. A row that cannot be read
 * (another format) is logged and ignored: the policy starts fresh from its prior. The fixed policy
 * has no state: nothing is read or written.
 */
class KeepAliveStates implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeepAliveStates.class);
    private static final Duration SHUTDOWN_WRITE = Duration.ofSeconds(5);

    private final ContainerPool pool;
    private final JdbcClient jdbc;
    private final String self;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    KeepAliveStates(ContainerPool pool, DataSource dataSource, String self, Duration interval) {
        this.pool = pool;
        this.jdbc = JdbcClient.create(dataSource);
        this.self = self;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        load();
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("keepalive-states").daemon().factory());
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        save();
                    } catch (RuntimeException e) {
                        log.warn("Could not write the keep-alive state: {}", e.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void load() {
        pool.withKeepAlive(planner -> {
            read("container", planner.containerPolicy());
            read("vm", planner.vmPolicy());
            return null;
        });
    }

    void save() {
        var states = pool.withKeepAlive(
                planner -> new byte[][] {bytes(planner.containerPolicy()), bytes(planner.vmPolicy())});
        write("container", states[0]);
        write("vm", states[1]);
    }

    private void read(String kind, KeepAlivePolicy policy) {
        if (!(policy instanceof ArclightKeepAlivePolicy learnt)) {
            return;
        }
        var state = jdbc.sql("SELECT state FROM keepalive_states WHERE instance_id = ? AND kind = ?")
                .params(self, kind)
                .query(byte[].class)
                .optional();
        if (state.isEmpty()) {
            return;
        }
        try {
            learnt.readState(new ByteArrayInputStream(state.get()));
            log.info(
                    "Read the {} keep-alive state: {} known",
                    kind,
                    learnt.histories().size());
        } catch (IOException e) {
            log.warn("Ignoring the {} keep-alive state, it cannot be read: {}", kind, e.getMessage());
        }
    }

    private static byte[] bytes(KeepAlivePolicy policy) {
        if (!(policy instanceof ArclightKeepAlivePolicy learnt)) {
            return null;
        }
        var out = new ByteArrayOutputStream();
        try {
            learnt.writeState(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void write(String kind, byte[] state) {
        if (state == null) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO keepalive_states (instance_id, kind, state, written_at)
                        VALUES (?, ?, ?, clock_timestamp())
                        ON CONFLICT (instance_id, kind) DO UPDATE
                        SET state = EXCLUDED.state, written_at = EXCLUDED.written_at""").params(self, kind, state).update();
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        scheduler = null;
        saveWithin(SHUTDOWN_WRITE);
    }

    /**
     * Saves, waiting at most {@code limit} ({@link ShutdownWrite}). A write that does not make it
     * loses at most one interval, the same as a crash, which the class promises anyway.
     */
    void saveWithin(Duration limit) {
        switch (ShutdownWrite.within("keepalive-states-final", limit, this::save)) {
            case ShutdownWrite.Outcome.Written written -> {}
            case ShutdownWrite.Outcome.Failed failed ->
                log.warn(
                        "Could not write the keep-alive state on shutdown: {}",
                        failed.cause().toString());
            case ShutdownWrite.Outcome.GaveUp gaveUp ->
                log.warn("Gave up writing the keep-alive state on shutdown after {}", gaveUp.after());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        // Started before the web server takes calls, stopped after it has drained them (so the last
        // calls are in the state), like the container maintenance.
        return SmartLifecycle.DEFAULT_PHASE - 3072;
    }
}
