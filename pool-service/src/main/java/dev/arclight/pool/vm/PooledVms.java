package dev.arclight.pool.vm;

import dev.arclight.pool.vm.VmLifecycle.Booting;
import dev.arclight.pool.vm.VmLifecycle.Claimed;
import dev.arclight.pool.vm.VmLifecycle.Retiring;
import dev.arclight.pool.vm.VmLifecycle.Warm;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The books of pooled VMs in PostgreSQL ({@code pooled_vms}), shared by every pool-service
 * instance. Each state change is one conditional statement on the row's current state, so that
 * concurrent instances cannot both move one VM: whoever's statement finds the row in the expected
 * state wins, the other changes nothing and is told so.
 */
public class PooledVms {

    private static final String COLUMNS = "vm_id, sub_pool_id, worker_id, worker_url, runtimes, memory_mib,"
            + " max_memory_mib, state, since, started_by, tenant, claimant, reason";

    private final JdbcClient jdbc;

    public PooledVms(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insertBooting(PooledVm vm) {
        jdbc.sql("INSERT INTO pooled_vms (" + COLUMNS + ") VALUES (:id, :subPool, :worker, :url, :runtimes,"
                        + " :memory, :maxMemory, 'booting', :since, NULL, NULL, NULL, NULL)")
                .param("id", vm.vmId())
                .param("subPool", vm.subPoolId())
                .param("worker", vm.workerId())
                .param("url", vm.workerUrl().toString())
                .param("runtimes", String.join(",", vm.runtimes()))
                .param("memory", vm.memoryMib())
                .param("maxMemory", vm.maxMemoryMib())
                .param("since", Timestamp.from(vm.lifecycle().since()))
                .update();
    }

    /** Booting to warm; false when the VM was retired meanwhile (its boot is then to be undone). */
    public boolean markWarm(String vmId, long memoryMib, String startedBy, Instant now) {
        return jdbc.sql("UPDATE pooled_vms SET state = 'warm', since = :now, memory_mib = :memory,"
                                + " started_by = :startedBy WHERE vm_id = :id AND state = 'booting'")
                        .param("id", vmId)
                        .param("memory", memoryMib)
                        .param("startedBy", startedBy)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /**
     * Claims the first of {@code rankedVmIds} that is still warm, for {@code tenant}, in one
     * statement: rows another claimer has locked are skipped rather than waited for, and the state
     * is checked again under the row lock, so no VM is ever claimed twice.
     */
    public Optional<PooledVm> claimFirst(List<String> rankedVmIds, String tenant, String claimant, Instant now) {
        if (rankedVmIds.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("UPDATE pooled_vms SET state = 'claimed', since = :now, tenant = :tenant, claimant = :claimant"
                        + " WHERE state = 'warm' AND vm_id = (SELECT vm_id FROM pooled_vms"
                        + "   WHERE state = 'warm' AND vm_id::text = ANY (string_to_array(:ids, ','))"
                        + "   ORDER BY array_position(string_to_array(:ids, ','), vm_id::text)"
                        + "   LIMIT 1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING " + COLUMNS)
                .param("ids", String.join(",", rankedVmIds))
                .param("tenant", tenant)
                .param("claimant", claimant)
                .param("now", Timestamp.from(now))
                .query(PooledVms::map)
                .optional();
    }

    /** Booting or warm to retiring; false when it was claimed or retired already. */
    public boolean retire(String vmId, String reason, Instant now) {
        return jdbc.sql("UPDATE pooled_vms SET state = 'retiring', since = :now, reason = :reason"
                                + " WHERE vm_id = :id AND state IN ('booting', 'warm')")
                        .param("id", vmId)
                        .param("reason", reason)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    public int retireSubPool(String subPoolId, String reason, Instant now) {
        return jdbc.sql("UPDATE pooled_vms SET state = 'retiring', since = :now, reason = :reason"
                        + " WHERE sub_pool_id = :subPool AND state IN ('booting', 'warm')")
                .param("subPool", subPoolId)
                .param("reason", reason)
                .param("now", Timestamp.from(now))
                .update();
    }

    public void delete(String vmId) {
        jdbc.sql("DELETE FROM pooled_vms WHERE vm_id = :id").param("id", vmId).update();
    }

    public Optional<PooledVm> find(String vmId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pooled_vms WHERE vm_id = :id")
                .param("id", vmId)
                .query(PooledVms::map)
                .optional();
    }

    /** Booting and warm VMs: those that count towards their sub-pools' sizes. */
    public List<PooledVm> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pooled_vms WHERE state IN ('booting', 'warm') ORDER BY vm_id")
                .query(PooledVms::map)
                .list();
    }

    public List<PooledVm> retiring() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pooled_vms WHERE state = 'retiring' ORDER BY since")
                .query(PooledVms::map)
                .list();
    }

    /** Warm VMs of sub-pools open to {@code tenant} that can hold {@code memoryMib}. */
    public List<WarmVm> warmFor(String tenant, long memoryMib) {
        return jdbc.sql("SELECT v.vm_id, v.sub_pool_id, v.worker_id, v.worker_url, v.runtimes, v.memory_mib,"
                        + " v.max_memory_mib, v.state, v.since, v.started_by, v.tenant, v.claimant, v.reason,"
                        + " s.tenant AS reserved_for FROM pooled_vms v JOIN sub_pools s ON s.id = v.sub_pool_id"
                        + " WHERE v.state = 'warm' AND v.max_memory_mib >= :memory"
                        + " AND (s.tenant IS NULL OR s.tenant = :tenant)")
                .param("tenant", tenant)
                .param("memory", memoryMib)
                .query((rs, row) -> new WarmVm(map(rs, row), rs.getString("reserved_for")))
                .list();
    }

    /** Claims per sub-pool since {@code from}. */
    public Map<String, Integer> claimsSince(Instant from) {
        return jdbc
                .sql("SELECT sub_pool_id, count(*) AS n FROM pooled_vms WHERE state = 'claimed' AND since >= :from"
                        + " GROUP BY sub_pool_id")
                .param("from", Timestamp.from(from))
                .query((rs, row) -> Map.entry(rs.getString("sub_pool_id"), rs.getInt("n")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Forgets claims older than {@code before}: the VMs are their tenants', the pool only counted them. */
    public int forgetClaimsBefore(Instant before) {
        return jdbc.sql("DELETE FROM pooled_vms WHERE state = 'claimed' AND since < :before")
                .param("before", Timestamp.from(before))
                .update();
    }

    /** How many VMs each (sub-pool, state) has. */
    public List<StateCount> counts() {
        return jdbc.sql("SELECT sub_pool_id, state, count(*) AS n FROM pooled_vms GROUP BY sub_pool_id, state")
                .query((rs, row) -> new StateCount(rs.getString("sub_pool_id"), rs.getString("state"), rs.getInt("n")))
                .list();
    }

    /** One row of {@link #counts}. */
    public record StateCount(String subPoolId, String state, int count) {}

    static PooledVm map(ResultSet rs, int row) throws SQLException {
        var since = rs.getTimestamp("since").toInstant();
        VmLifecycle lifecycle = switch (rs.getString("state")) {
            case "booting" -> new Booting(since);
            case "warm" -> new Warm(since, rs.getString("started_by"));
            case "claimed" -> new Claimed(since, rs.getString("tenant"), rs.getString("claimant"));
            case "retiring" -> new Retiring(since, rs.getString("reason"));
            default -> throw new IllegalStateException("unknown pooled VM state " + rs.getString("state"));
        };
        return new PooledVm(
                rs.getString("vm_id"),
                rs.getString("sub_pool_id"),
                rs.getString("worker_id"),
                URI.create(rs.getString("worker_url")),
                List.of(rs.getString("runtimes").split(",")),
                rs.getLong("memory_mib"),
                rs.getLong("max_memory_mib"),
                lifecycle);
    }
}
