package dev.arclight.placement.concurrency;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of {@link PostgresConcurrencyLimiter}: one instance's rows in {@code
 * concurrency_instances} and {@code concurrency_leases} (migrations V3, V6). Each method is one
 * statement, so one round trip and one short transaction.
 */
final class LeaseTable {

    /** What {@code concurrency_lease} answered: ACQUIRED with the slots granted, or the refusal. */
    record Lease(String verdict, int granted, boolean exact) {}

    private final String instanceId;
    private final JdbcClient jdbc;

    LeaseTable(String instanceId, DataSource dataSource) {
        this.instanceId = instanceId;
        this.jdbc = JdbcClient.create(dataSource);
    }

    Lease lease(
            String tenant,
            String functionArn,
            Integer reserved,
            int accountLimit,
            double timeoutSeconds,
            int wanted,
            int exactBelow) {
        return jdbc.sql("SELECT verdict, granted, exact FROM concurrency_lease(?, ?, ?, ?, ?, ?, ?, ?)")
                .params(instanceId, tenant, functionArn, reserved, accountLimit, timeoutSeconds, wanted, exactBelow)
                .query((rs, row) -> new Lease(rs.getString(1), rs.getInt(2), rs.getBoolean(3)))
                .single();
    }

    void giveBack(String tenant, String functionArn, int slots) {
        jdbc.sql("""
                        UPDATE concurrency_leases SET in_flight = greatest(in_flight - ?, 0)
                         WHERE instance_id = ? AND tenant = ? AND function_arn = ?
                        """).params(slots, instanceId, tenant, functionArn).update();
    }

    /** Writes the slots held of a function again, after this instance's rows were lost. */
    void restore(String tenant, String functionArn, boolean reserved, int slots) {
        jdbc.sql("""
                        INSERT INTO concurrency_leases (instance_id, tenant, function_arn, reserved, in_flight)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id, tenant, function_arn)
                        DO UPDATE SET in_flight = concurrency_leases.in_flight + excluded.in_flight
                        """).params(instanceId, tenant, functionArn, reserved, slots).update();
    }

    /** Says this instance is alive; true when its row was missing (new, or taken for dead). */
    boolean heartbeat() {
        return jdbc.sql("""
                        INSERT INTO concurrency_instances (instance_id, heartbeat_at) VALUES (?, clock_timestamp())
                        ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
                        RETURNING (xmax = 0)
                        """).params(instanceId).query(Boolean.class).single();
    }

    /** Deletes the instances whose heartbeat is older than the timeout; returns how many. */
    int clearDead(double timeoutSeconds) {
        return jdbc.sql("""
                        DELETE FROM concurrency_instances
                         WHERE heartbeat_at < clock_timestamp() - make_interval(secs => ?)
                        """).params(timeoutSeconds).update();
    }

    /** Rows at zero are kept between leases to save an insert, and dropped here so they do not pile up. */
    void dropEmptyRows() {
        jdbc.sql("DELETE FROM concurrency_leases WHERE instance_id = ? AND in_flight = 0")
                .params(instanceId)
                .update();
    }

    /** Deletes this instance's row, and with it (cascade) every slot it held. */
    void unregister() {
        jdbc.sql("DELETE FROM concurrency_instances WHERE instance_id = ?")
                .params(instanceId)
                .update();
    }
}
