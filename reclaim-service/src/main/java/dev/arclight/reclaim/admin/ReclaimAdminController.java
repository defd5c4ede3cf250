package dev.arclight.reclaim.admin;

import dev.arclight.contracts.reclaim.ResizeDecision;
import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.reclaim.decision.Decision;
import dev.arclight.reclaim.decision.DecisionLog;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Recent resize decisions about the caller's own VMs (the tenant the gateway authenticated, in
 * {@link TenantHeader}), per VM and per worker, with the memory they gave back. Pooled VMs belong
 * to no tenant and are shown to none. Reached through the gateway's {@code GET /admin/reclaim}.
 */
@RestController
class ReclaimAdminController {

    static final int RECENT = 500;
    static final int PER_VM = 10;

    private final DecisionLog decisions;

    ReclaimAdminController(DecisionLog decisions) {
        this.decisions = decisions;
    }

    record VmDecisions(String vmId, String workerId, long reclaimedMib, List<ResizeDecision> recent) {}

    record WorkerDecisions(String workerId, int vms, int decisions, long reclaimedMib) {}

    /**
     * @param reclaimedMib memory the tenant's settled shrinks gave back, all time
     * @param byStatus the recent decisions counted by status
     */
    record ReclaimView(
            String tenant,
            long reclaimedMib,
            int recentDecisions,
            java.util.Map<String, Long> byStatus,
            List<VmDecisions> vms,
            List<WorkerDecisions> workers) {}

    record ErrorView(String type, String message) {}

    @GetMapping("/admin/reclaim")
    ResponseEntity<?> reclaim(@RequestHeader(value = TenantHeader.NAME, required = false) String tenant) {
        if (tenant == null || tenant.isBlank()) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                    .body(new ErrorView("MissingTenant", TenantHeader.NAME + " is required"));
        }
        var recent = decisions.recentOf(tenant, RECENT);
        var byVm =
                recent.stream().collect(Collectors.groupingBy(Decision::vmId, LinkedHashMap::new, Collectors.toList()));
        var vms = byVm.values().stream()
                .map(list -> new VmDecisions(
                        list.getFirst().vmId(),
                        list.getFirst().workerId(),
                        list.stream().mapToLong(Decision::reclaimedMib).sum(),
                        list.stream().limit(PER_VM).map(Decision::event).toList()))
                .toList();
        var workers = recent.stream().collect(Collectors.groupingBy(Decision::workerId)).entrySet().stream()
                .map(e -> new WorkerDecisions(
                        e.getKey(),
                        (int) e.getValue().stream()
                                .map(Decision::vmId)
                                .distinct()
                                .count(),
                        e.getValue().size(),
                        e.getValue().stream().mapToLong(Decision::reclaimedMib).sum()))
                .sorted(Comparator.comparing(WorkerDecisions::workerId))
                .toList();
        var byStatus = recent.stream()
                .collect(Collectors.groupingBy(Decision::status, java.util.TreeMap::new, Collectors.counting()));
        return ResponseEntity.ok(
                new ReclaimView(tenant, decisions.reclaimedMibOf(tenant), recent.size(), byStatus, vms, workers));
    }
}
