package dev.arclight.gateway.membership;

import java.util.LinkedHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code ring} health component: UP only when at least one placement instance has passed its
 * last health check, so that {@code /actuator/health} (and the readiness group) say UP only when an
 * invocation can be routed. The details name every instance's state, which lets a caller wait for
 * all of them (the end-to-end platform does).
 */
@Component("ringHealthIndicator")
class RingHealthIndicator implements HealthIndicator {

    private final PlacementMembership membership;

    RingHealthIndicator(PlacementMembership membership) {
        this.membership = membership;
    }

    @Override
    public Health health() {
        var routable = membership.routable();
        var instances = new LinkedHashMap<String, String>();
        for (var member : membership.members()) {
            instances.put(member.instance().name(), stateName(member.health()));
        }
        var health = routable.isEmpty()
                ? Health.status(Status.OUT_OF_SERVICE)
                        .withDetail("reason", "no placement instance has passed a health check yet")
                : Health.up();
        return health.withDetail("routable", routable)
                .withDetail("instances", instances)
                .build();
    }

    private static String stateName(PlacementMembership.Health health) {
        return switch (health) {
            case PlacementMembership.Health.Unchecked u -> "unchecked";
            case PlacementMembership.Health.Passing p -> "passing";
            case PlacementMembership.Health.Failing f -> "failing";
            case PlacementMembership.Health.Down d -> "down";
        };
    }
}
