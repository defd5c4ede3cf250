package dev.arclight.placement.concurrency;

import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The placement instances alive now, by the heartbeats of {@link PostgresConcurrencyLimiter} in
 * {@code concurrency_instances}: their instance ids, which are also their names on the hash ring
 * (the gateway's {@code arclight.gateway.placement-instances} names, so set {@code
 * arclight.placement.concurrency.instance-id} to the same name when running more than one). This
 * instance is always among them, even before its first heartbeat lands.
 */
public class LiveInstances implements RingMembers {

    private final PostgresConcurrencyLimiter limiter;
    private final ConcurrencyProperties properties;
    private final JdbcClient jdbc;

    public LiveInstances(PostgresConcurrencyLimiter limiter, ConcurrencyProperties properties, DataSource dataSource) {
        this.limiter = limiter;
        this.properties = properties;
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public String self() {
        return limiter.instanceId();
    }

    @Override
    public List<String> names() {
        var names = new TreeSet<>(jdbc.sql("""
                        SELECT instance_id FROM concurrency_instances
                         WHERE heartbeat_at > clock_timestamp() - make_interval(secs => ?)
                        """)
                .params(properties.heartbeatTimeout().toMillis() / 1000.0)
                .query(String.class)
                .list());
        names.add(self());
        return List.copyOf(names);
    }
}
