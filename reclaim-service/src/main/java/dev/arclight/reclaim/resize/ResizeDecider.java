package dev.arclight.reclaim.resize;

import dev.arclight.contracts.utilization.VmUtilization;
import dev.arclight.reclaim.decision.DecisionLog;
import dev.arclight.reclaim.decision.DecisionStatus;
import dev.arclight.reclaim.policy.ResizePolicy;
import dev.arclight.reclaim.policy.Settlement;
import dev.arclight.reclaim.policy.Verdict;

/**
 * What happens to each utilization sample: it settles the VM's applied resize if it shows the
 * outcome; then, unless this very sample was decided on before (a replay: a decision still pending
 * is sent, any other is left as it is), the policy decides on it with its window, and a resize is
 * recorded before it is sent.
 */
public class ResizeDecider {

    private final SampleWindows windows;
    private final ResizePolicy policy;
    private final Settlement settlement;
    private final DecisionLog decisions;
    private final ResizeExecutor executor;

    public ResizeDecider(
            SampleWindows windows,
            ResizePolicy policy,
            Settlement settlement,
            DecisionLog decisions,
            ResizeExecutor executor) {
        this.windows = windows;
        this.policy = policy;
        this.settlement = settlement;
        this.decisions = decisions;
        this.executor = executor;
    }

    public void onSample(VmUtilization sample) {
        var window = windows.add(sample);
        settle(sample);
        var earlier = decisions.forSample(sample);
        if (earlier.isPresent()) {
            if ("PENDING".equals(earlier.get().status())) {
                executor.submit(earlier.get());
            }
            return;
        }
        if (policy.decide(window, decisions.last(sample.vmId())) instanceof Verdict.Resize resize) {
            executor.submit(decisions.record(sample, resize));
        }
    }

    private void settle(VmUtilization sample) {
        decisions
                .appliedOf(sample.vmId())
                .ifPresent(applied -> settlement
                        .judge(applied.direction(), applied.targetMemoryMib(), applied.appliedAt(), sample)
                        .ifPresent(settled -> decisions.move(
                                applied.id(),
                                "DONE".equals(settled.status())
                                        ? new DecisionStatus.Done(settled.achievedMib())
                                        : new DecisionStatus.Partial(settled.achievedMib()))));
    }
}
