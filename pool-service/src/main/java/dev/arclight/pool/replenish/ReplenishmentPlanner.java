package dev.arclight.pool.replenish;

import dev.arclight.pool.subpool.SubPoolDefinition;
import dev.arclight.pool.vm.PooledVm;
import dev.arclight.pool.vm.VmLifecycle.Booting;
import dev.arclight.pool.vm.VmLifecycle.Warm;
import dev.arclight.pool.worker.WorkerReport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replenishment round's decisions, from a snapshot of the books. No I/O: {@link Replenisher}
 * takes the snapshot under a PostgreSQL advisory lock, writes the plan into the books before it
 * releases the lock (so that two instances never plan the same boots), then calls the workers.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>A worker is <b>live</b> while its last capacity report arrived less than {@code
 *       workerStaleness} ago.
 *   <li><b>Retire</b> booting and warm VMs: on a worker that is not live ({@code worker-lost}: written
 *       off), of a sub-pool that no longer exists ({@code sub-pool-gone}), booting for {@code
 *       bootTimeout} or longer ({@code boot-timed-out}), warm for {@code maxWarmAge} or longer
 *       ({@code expired}). Then, in a sub-pool holding more than its max size (an admin shrank it),
 *       the longest-warm VMs beyond the max ({@code surplus}).
 *   <li>Each live worker's <b>room</b> is its reported free memory, minus the memory of the pool's
 *       VMs booting on it or turned warm less than {@code reportLag} before that report arrived (a
 *       report may have been measured well before it arrived, so it may not count them yet:
 *       counting a VM twice for a while is the safe error, a VM counted by nobody would let two
 *       boots land where one fits), minus {@code workerReserveMib}. A worker whose boot failed less than {@code
 *       bootFailureBackoff} ago has no room.
 *   <li>Each sub-pool's <b>deficit</b> is its target minus its remaining booting and warm VMs.
 *       Boots are placed one at a time, taking the sub-pools in turn (reserved ones first, then by
 *       id) so that no sub-pool waits for another to fill: each boot goes to the worker with the most
 *       room that holds the sub-pool's memory and has fewer than {@code maxBootsPerWorker} VMs
 *       booting (ties: fewer pooled VMs, then worker id), and its memory leaves that worker's room.
 *   <li>A deficit no worker has room for at all is the sub-pool's <b>shortfall</b>. One that only
 *       waits for a boot slot is not: it is placed in a later round.
 * </ol>
 */
public final class ReplenishmentPlanner {

    private final Clock clock;
    private final ReplenishProperties properties;

    public ReplenishmentPlanner(Clock clock, ReplenishProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    public Plan plan(
            List<SubPoolDefinition> subPools,
            Map<String, Integer> targets,
            List<PooledVm> active,
            List<WorkerReport> workers,
            Map<String, Instant> lastBootFailures) {
        var now = clock.instant();
        var live = new HashMap<String, WorkerReport>();
        for (var worker : workers) {
            if (Duration.between(worker.receivedAt(), now).compareTo(properties.workerStaleness()) < 0) {
                live.put(worker.workerId(), worker);
            }
        }
        var byId = new HashMap<String, SubPoolDefinition>();
        subPools.forEach(s -> byId.put(s.id(), s));

        var retires = new ArrayList<Retire>();
        var remaining = new ArrayList<PooledVm>();
        for (var vm : active) {
            var reason = retireReason(vm, live, byId, now);
            if (reason != null) {
                retires.add(new Retire(vm, reason));
            } else {
                remaining.add(vm);
            }
        }
        for (var subPool : subPools) {
            var mine = remaining.stream()
                    .filter(vm -> vm.subPoolId().equals(subPool.id()))
                    .toList();
            var surplusWarm = mine.stream()
                    .filter(vm -> vm.lifecycle() instanceof Warm)
                    .sorted(Comparator.comparing((PooledVm vm) -> vm.lifecycle().since())
                            .thenComparing(PooledVm::vmId))
                    .limit(Math.max(0, mine.size() - subPool.maxSize()))
                    .toList();
            surplusWarm.forEach(vm -> retires.add(new Retire(vm, "surplus")));
            remaining.removeAll(surplusWarm);
        }

        var rooms = rooms(live, remaining, lastBootFailures, now);
        var deficits = new LinkedHashMap<SubPoolDefinition, Integer>();
        subPools.stream()
                .sorted(Comparator.comparing((SubPoolDefinition s) -> s.reserved() ? 0 : 1)
                        .thenComparing(SubPoolDefinition::id))
                .forEach(s -> {
                    long held = remaining.stream()
                            .filter(vm -> vm.subPoolId().equals(s.id()))
                            .count();
                    deficits.put(s, (int) Math.max(0, targets.getOrDefault(s.id(), s.minSize()) - held));
                });
        var shortfall = new HashMap<String, Integer>();
        subPools.forEach(s -> shortfall.put(s.id(), 0));
        var boots = new ArrayList<Boot>();
        boolean placed = true;
        while (placed) {
            placed = false;
            for (var entry : deficits.entrySet()) {
                var subPool = entry.getKey();
                if (entry.getValue() <= 0) {
                    continue;
                }
                var fitting = rooms.stream()
                        .filter(r -> r.free >= subPool.memoryMib())
                        .toList();
                if (fitting.isEmpty()) {
                    shortfall.put(subPool.id(), entry.getValue());
                    entry.setValue(0);
                    continue;
                }
                var room = fitting.stream()
                        .filter(r -> r.booting < properties.maxBootsPerWorker())
                        .max(Comparator.comparingLong((Room r) -> r.free)
                                .thenComparing(r -> -r.pooled)
                                .thenComparing(r -> r.workerId, Comparator.reverseOrder()));
                if (room.isEmpty()) {
                    entry.setValue(0);
                    continue;
                }
                var r = room.get();
                boots.add(new Boot(subPool, r.workerId, r.url));
                r.free -= subPool.memoryMib();
                r.booting++;
                r.pooled++;
                entry.setValue(entry.getValue() - 1);
                placed = true;
            }
        }
        return new Plan(boots, retires, shortfall);
    }

    private String retireReason(
            PooledVm vm, Map<String, WorkerReport> live, Map<String, SubPoolDefinition> subPools, Instant now) {
        var age = Duration.between(vm.lifecycle().since(), now);
        if (!live.containsKey(vm.workerId())) {
            return "worker-lost";
        }
        if (!subPools.containsKey(vm.subPoolId())) {
            return "sub-pool-gone";
        }
        if (vm.lifecycle() instanceof Booting && age.compareTo(properties.bootTimeout()) >= 0) {
            return "boot-timed-out";
        }
        if (vm.lifecycle() instanceof Warm && age.compareTo(properties.maxWarmAge()) >= 0) {
            return "expired";
        }
        return null;
    }

    private List<Room> rooms(
            Map<String, WorkerReport> live, List<PooledVm> remaining, Map<String, Instant> failures, Instant now) {
        var rooms = new ArrayList<Room>();
        for (var report : live.values()) {
            var failed = failures.get(report.workerId());
            if (failed != null && Duration.between(failed, now).compareTo(properties.bootFailureBackoff()) < 0) {
                continue;
            }
            var mine = remaining.stream()
                    .filter(vm -> vm.workerId().equals(report.workerId()))
                    .toList();
            long unreported = mine.stream()
                    .filter(vm -> vm.lifecycle() instanceof Booting
                            || vm.lifecycle()
                                    .since()
                                    .isAfter(report.receivedAt().minus(properties.reportLag())))
                    .mapToLong(PooledVm::memoryMib)
                    .sum();
            var room = new Room(report.workerId(), report.capacity().apiUrl());
            room.free = report.capacity().freeMemoryMib() - unreported - properties.workerReserveMib();
            room.booting = (int) mine.stream()
                    .filter(vm -> vm.lifecycle() instanceof Booting)
                    .count();
            room.pooled = mine.size();
            rooms.add(room);
        }
        return rooms;
    }

    /** A worker's room while one plan is made. */
    private static final class Room {
        final String workerId;
        final URI url;
        long free;
        int booting;
        int pooled;

        Room(String workerId, URI url) {
            this.workerId = workerId;
            this.url = url;
        }
    }

    /** What one round does. */
    public record Plan(List<Boot> boots, List<Retire> retires, Map<String, Integer> shortfall) {}

    /** Boot one VM of {@code subPool} on a worker. */
    public record Boot(SubPoolDefinition subPool, String workerId, URI workerUrl) {}

    /** Retire one VM, saying why. */
    public record Retire(PooledVm vm, String reason) {}
}
