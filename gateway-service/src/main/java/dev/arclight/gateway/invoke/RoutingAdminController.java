package dev.arclight.gateway.invoke;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.gateway.membership.PlacementMembership;
import dev.arclight.gateway.registry.FunctionRegistryView;
import dev.arclight.gateway.ring.ArcRouter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only views of the routing state, authenticated like the Lambda API: the ring (every known
 * placement instance, healthy or not) and a function's arcs. A function is looked up in the
 * caller's own tenant, named by the credentials, so nobody sees another tenant's arcs.
 */
@RestController
class RoutingAdminController {

    private final ArcRouter router;
    private final PlacementMembership membership;
    private final PlacementClient client;
    private final FunctionRegistryView registry;

    RoutingAdminController(
            ArcRouter router, PlacementMembership membership, PlacementClient client, FunctionRegistryView registry) {
        this.router = router;
        this.membership = membership;
        this.client = client;
        this.registry = registry;
    }

    /** One placement instance as routing sees it. */
    record InstanceView(
            String name,
            String url,
            boolean healthy,
            boolean inRing,
            int inFlight,
            int consecutiveFailedChecks,
            @Nullable String lastFailure,
            String breaker) {}

    record RingView(int virtualNodes, List<InstanceView> instances) {}

    /** A function's two arcs now; {@code known} says whether the registry view holds it. */
    record FunctionArcView(
            String functionName,
            boolean known,
            int provisioned,
            List<String> reservedArc,
            int reservedInFlight,
            List<String> unreservedArc,
            int unreservedInFlight) {}

    @GetMapping("/admin/ring")
    RingView ring(@RequestHeader(TenantHeader.NAME) String tenant) {
        var ring = router.ring();
        var instances = membership.members().stream()
                .map(member -> new InstanceView(
                        member.instance().name(),
                        member.instance().url().toString(),
                        member.healthy(),
                        ring.instances().contains(member.instance().name()),
                        router.inFlightOn(member.instance().name()),
                        member.consecutiveFailures(),
                        member.lastFailure(),
                        client.breaker(member.instance().name()).getState().name()))
                .toList();
        return new RingView(ring.virtualNodes(), instances);
    }

    @GetMapping("/admin/functions/{name}/arc")
    FunctionArcView arc(@PathVariable String name, @RequestHeader(TenantHeader.NAME) String tenant) {
        var functionName = FunctionNames.nameOf(name);
        var known = registry.find(tenant, functionName);
        int provisioned = known.map(InvocationTarget::provisionedOf).orElse(0);
        var arcs = router.arcsOf(InvocationTarget.functionKey(tenant, functionName), provisioned);
        return new FunctionArcView(
                functionName,
                known.isPresent(),
                provisioned,
                arcs.reservedArc(),
                arcs.reservedInFlight(),
                arcs.unreservedArc(),
                arcs.unreservedInFlight());
    }
}
