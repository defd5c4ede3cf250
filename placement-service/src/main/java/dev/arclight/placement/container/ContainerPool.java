package dev.arclight.placement.container;

import dev.arclight.contracts.pool.InvocationStart;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.container.ContainerPlans.TakeIdle;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link ContainerBooks}' plans on the workers. Each step asks the books for a plan
 * under one lock, makes the worker calls through the {@link ContainerLauncher} outside it, and
 * reports the outcome back under the lock; the books decide, this class only executes and waits.
 *
 * <p>A VM being booted has a future here from the moment the books plan its boot, so that a
 * concurrent cold call the books put into that VM waits for the one boot (at most {@code
 * bootWait}) instead of booting another. Stops and destroys after a failure run on virtual threads:
 * the worker involved may not answer until its timeout, and the caller should not wait for that.
 */
public class ContainerPool {

    private static final Logger log = LoggerFactory.getLogger(ContainerPool.class);

    /** How many containers of a version to keep initialized, and what they run. */
    public record ProvisionedTarget(ContainerSpec spec, int count) {}

    private final ContainerBooks books;
    private final ContainerLauncher launcher;
    private final Object lock = new Object();
    private final ContainerStarts starts;

    /** @param claims whether a call that needs a new VM first claims one from the pool */
    public ContainerPool(
            ContainerLauncher launcher,
            Clock clock,
            Duration keepAlive,
            Duration vmKeepAlive,
            long vmMemoryMib,
            Duration bootWait,
            boolean claims) {
        this(launcher, clock, KeepAlivePlanner.fixed(keepAlive, vmKeepAlive), vmMemoryMib, bootWait, claims);
    }

    ContainerPool(
            ContainerLauncher launcher,
            Clock clock,
            KeepAlivePlanner keepAlive,
            long vmMemoryMib,
            Duration bootWait,
            boolean claims) {
        this.books = new ContainerBooks(clock, keepAlive, vmMemoryMib, claims);
        this.launcher = launcher;
        this.starts = new ContainerStarts(books, lock, launcher, bootWait);
    }

    /** Runs {@code task} on the keep-alive with the books' lock held: its policies are not thread-safe. */
    <T> T withKeepAlive(Function<KeepAlivePlanner, T> task) {
        synchronized (lock) {
            return task.apply(books.keepAlive());
        }
    }

    /**
     * Takes a container for one call: idle, or started for it (which may boot a VM). The caller
     * must hand it back with {@link #release} or {@link #discard}.
     */
    public Lease acquire(ContainerSpec spec) {
        Start start;
        CompletableFuture<VmHandle> boot;
        synchronized (lock) {
            var plan = books.acquire(spec);
            if (plan instanceof TakeIdle idle) {
                return new Lease(idle.containerId(), idle.handle(), InvocationStart.WARM);
            }
            start = (Start) plan;
            boot = starts.bootOf(start);
        }
        var started = starts.run(start, boot);
        return new Lease(start.containerId(), started.handle(), started.start());
    }

    /** The call ended normally: the container waits for the next one. */
    public void release(Lease lease) {
        synchronized (lock) {
            books.release(lease.containerId);
        }
    }

    /** The call failed in a way that leaves the container unusable: forget it and try to stop it. */
    public void discard(Lease lease) {
        synchronized (lock) {
            books.discard(lease.containerId)
                    .ifPresent(handle -> Thread.ofVirtual()
                            .name("discard-" + handle.containerId())
                            .start(() -> stopQuietly(launcher, handle)));
        }
    }

    /**
     * The call found the container's VM gone (the worker said so): the VM leaves the books with every
     * container in it, and is destroyed, so that the tenant's next call does not try it again.
     */
    public void loseVm(Lease lease) {
        synchronized (lock) {
            books.vmOf(lease.containerId)
                    .flatMap(books::vmLost)
                    .ifPresent(vm ->
                            Thread.ofVirtual().name("destroy-" + vm.vmId()).start(() -> destroyQuietly(launcher, vm)));
        }
    }

    /** Stops expired idle containers and destroys VMs empty for too long. */
    public void expire() {
        ContainerPlans.Expiry plan;
        synchronized (lock) {
            plan = books.expire();
        }
        for (var stop : plan.stops()) {
            stopQuietly(launcher, stop.handle());
            synchronized (lock) {
                books.stopped(stop.containerId());
            }
        }
        plan.destroys().forEach(vm -> destroyQuietly(launcher, vm));
    }

    /**
     * Sets the provisioned counts (replacing the previous ones) and starts the containers missing
     * to reach them. Returns how many it started.
     */
    public int provision(Map<ContainerKey, ProvisionedTarget> targets) {
        var plans = new LinkedHashMap<Start, CompletableFuture<VmHandle>>();
        ContainerPlans.Provisioning provisioning;
        synchronized (lock) {
            provisioning = books.provision(targets);
            provisioning.starts().forEach(start -> plans.put(start, starts.bootOf(start)));
        }
        for (var release : provisioning.releases()) {
            stopQuietly(launcher, release.handle());
            synchronized (lock) {
                books.stopped(release.containerId());
            }
        }
        int started = 0;
        // In order: a start that boots a VM comes before those that wait for it.
        for (var plan : plans.entrySet()) {
            try {
                starts.run(plan.getKey(), plan.getValue());
                started++;
            } catch (RuntimeException e) {
                log.warn(
                        "Could not start a provisioned container of {}: {}",
                        plan.getKey().spec().key().functionArn(),
                        e.getMessage());
            }
        }
        return started;
    }

    /** Destroys every VM this instance booted (which ends their containers), best effort. */
    public void shutdown() {
        List<VmHandle> booted;
        synchronized (lock) {
            booted = books.shutdown();
        }
        booted.forEach(vm -> destroyQuietly(launcher, vm));
    }

    public List<BooksView.ContainerInfo> containers() {
        synchronized (lock) {
            return BooksView.containers(books);
        }
    }

    public List<BooksView.VmInfo> vms() {
        synchronized (lock) {
            return BooksView.vms(books);
        }
    }

    /** Containers by state name ({@link ContainerState#NAMES}), zero included. */
    public Map<String, Integer> countByState() {
        var counts = new LinkedHashMap<String, Integer>();
        ContainerState.NAMES.forEach(name -> counts.put(name, 0));
        containers().forEach(c -> counts.merge(c.state().name(), 1, Integer::sum));
        return counts;
    }

    static void stopQuietly(ContainerLauncher launcher, ContainerHandle container) {
        try {
            launcher.stopContainer(container);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not stop container {} on {}: {}",
                    container.containerId(),
                    container.workerId(),
                    e.getMessage());
        }
    }

    static void destroyQuietly(ContainerLauncher launcher, VmHandle vm) {
        try {
            launcher.destroyVm(vm);
        } catch (RuntimeException e) {
            log.warn("Could not destroy VM {} on {}: {}", vm.vmId(), vm.workerId(), e.getMessage());
        }
    }

    /** A container taken for one call. */
    public static final class Lease {

        private final String containerId;
        private final ContainerHandle handle;
        private final InvocationStart start;

        private Lease(String containerId, ContainerHandle handle, InvocationStart start) {
            this.containerId = containerId;
            this.handle = handle;
            this.start = start;
        }

        public ContainerHandle handle() {
            return handle;
        }

        /** Whether the container was started for this call. */
        public boolean cold() {
            return start != InvocationStart.WARM;
        }

        /** How the call found its container: idle, in a tenant VM, in a claimed VM or a booted one. */
        public InvocationStart start() {
            return start;
        }
    }
}
