package dev.arclight.placement.container;

import dev.arclight.contracts.tenant.TenantHeader;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only view of this instance's share of provisioned concurrency: the ring members it computed
 * the share over, and for each of the caller's function versions what it keeps and what it holds.
 * Only the caller's tenant ({@code X-Arclight-Tenant}) is shown. The gateway does not route
 * {@code /admin/**} to placement: this is for operators and tests that reach an instance directly.
 */
@RestController
class ProvisionedAdminController {

    private final ContainerMaintenance maintenance;
    private final ContainerPool pool;

    ProvisionedAdminController(ContainerMaintenance maintenance, ContainerPool pool) {
        this.maintenance = maintenance;
        this.pool = pool;
    }

    /**
     * One function version on this instance.
     *
     * @param provisioned this instance's share of the version's provisioned concurrency
     * @param containers this instance's containers of the version, by state
     */
    record VersionView(String functionArn, int provisioned, Map<String, Integer> containers) {}

    record ProvisionedView(String instance, List<String> members, List<VersionView> versions) {}

    @GetMapping("/admin/provisioned")
    ProvisionedView provisioned(@RequestHeader(TenantHeader.NAME) String tenant) {
        var share = maintenance.lastShare();
        var versions = new TreeMap<String, VersionView>();
        share.targets().forEach((key, target) -> {
            if (key.tenant().equals(tenant)) {
                versions.put(key.functionArn(), new VersionView(key.functionArn(), target.count(), new TreeMap<>()));
            }
        });
        for (var container : pool.containers()) {
            if (!container.key().tenant().equals(tenant)) {
                continue;
            }
            var view = versions.computeIfAbsent(
                    container.key().functionArn(), arn -> new VersionView(arn, 0, new TreeMap<>()));
            view.containers().merge(container.state().name().toLowerCase(), 1, Integer::sum);
        }
        return new ProvisionedView(
                share.self(),
                share.members(),
                versions.values().stream()
                        .sorted(Comparator.comparing(VersionView::functionArn))
                        .toList());
    }
}
