package dev.arclight.placement.container;

import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code vm_owners} rows: which instance booted which VM. Written before a boot, removed once
 * the VM is destroyed; read by {@link OrphanVms}.
 */
class VmOwners {

    /** A VM and the instance that booted it. */
    record Owned(String workerId, String vmId, String instanceId) {

        VmHandle handle() {
            return new VmHandle(workerId, vmId);
        }
    }

    private final JdbcClient jdbc;
    private final String self;

    VmOwners(DataSource dataSource, String self) {
        this.jdbc = JdbcClient.create(dataSource);
        this.self = self;
    }

    String self() {
        return self;
    }

    void booting(String workerId, String vmId) {
        jdbc.sql("INSERT INTO vm_owners (worker_id, vm_id, instance_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(workerId, vmId, self)
                .update();
    }

    void destroyed(String workerId, String vmId) {
        jdbc.sql("DELETE FROM vm_owners WHERE worker_id = ? AND vm_id = ?")
                .params(workerId, vmId)
                .update();
    }

    /** This instance's rows: at start, all of them are from a previous life. */
    List<Owned> ownedBySelf() {
        return jdbc.sql("SELECT worker_id, vm_id, instance_id FROM vm_owners WHERE instance_id = ?")
                .param(self)
                .query(Owned.class)
                .list();
    }

    /** Every row, of every instance. */
    List<Owned> all() {
        return jdbc.sql("SELECT worker_id, vm_id, instance_id FROM vm_owners")
                .query(Owned.class)
                .list();
    }

    /** Rows of instances not among {@code live}. */
    List<Owned> ownedByNoneOf(Collection<String> live) {
        return jdbc.sql("SELECT worker_id, vm_id, instance_id FROM vm_owners WHERE NOT (instance_id = ANY (?))")
                .param(live.toArray(String[]::new))
                .query(Owned.class)
                .list();
    }
}
