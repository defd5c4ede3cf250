package dev.arclight.placement.container;

import dev.arclight.contracts.pool.InvocationStart;
import dev.arclight.placement.container.ContainerPlans.AwaitBoot;
import dev.arclight.placement.container.ContainerPlans.BootVm;
import dev.arclight.placement.container.ContainerPlans.ClaimVm;
import dev.arclight.placement.container.ContainerPlans.InRunningVm;
import dev.arclight.placement.container.ContainerPlans.Start;
import dev.arclight.placement.worker.WorkerRejectedException;
import dev.arclight.placement.worker.WorkerUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries out one {@link Start} plan for {@link ContainerPool}: claims the VM from the pool, boots
 * it or waits for its boot, starts the container, and reports each outcome to the books under the
 * pool's lock.
 *
 * <p>A VM being booted has a future here from the moment the books plan its boot (created under
 * the lock, by {@link #bootOf}, or when a claim missed), so that a concurrent start the books put
 * into that VM waits for the one boot, at most {@code bootWait}, instead of booting another. A
 * waiter that gives up declares the VM lost: a boot that slow is not to be trusted, and the booter
 * then destroys what it booted. A VM being claimed has no waiters (the books put nobody else in it).
 */
final class ContainerStarts {

    /** A started container, and how its VM was had. */
    record Started(ContainerHandle handle, InvocationStart start) {}

    private final ContainerBooks books;
    private final Object lock;
    private final ContainerLauncher launcher;
    private final Duration bootWait;
    private final Map<String, CompletableFuture<VmHandle>> boots = new HashMap<>();

    ContainerStarts(ContainerBooks books, Object lock, ContainerLauncher launcher, Duration bootWait) {
        this.books = books;
        this.lock = lock;
        this.launcher = launcher;
        this.bootWait = bootWait;
    }

    /** Under the lock: the boot a start needs (null for a running or claimed VM), shared by its waiters. */
    CompletableFuture<VmHandle> bootOf(Start start) {
        return switch (start.vm()) {
            case InRunningVm running -> null;
            case ClaimVm claim -> null;
            case BootVm boot -> boots.computeIfAbsent(start.vmId(), id -> new CompletableFuture<>());
            case AwaitBoot await -> boots.computeIfAbsent(start.vmId(), id -> new CompletableFuture<>());
        };
    }

    /** Outside the lock: the started container, or the failure (the books already updated). */
    Started run(Start start, CompletableFuture<VmHandle> boot) {
        ContainerHandle handle;
        VmHandle vm;
        InvocationStart how;
        // A missed claim may move the container into another VM of the tenant.
        String vmId = start.vmId();
        try {
            switch (start.vm()) {
                case InRunningVm running -> {
                    vm = running.handle();
                    how = InvocationStart.TENANT_VM;
                }
                case BootVm request -> {
                    vm = boot(start, request, boot);
                    how = InvocationStart.COLD;
                }
                case AwaitBoot await -> {
                    vm = await(boot);
                    how = InvocationStart.COLD;
                }
                case ClaimVm claim -> {
                    var claimed = claim(start, claim);
                    if (claimed != null) {
                        vm = claimed;
                        how = InvocationStart.POOL;
                    } else {
                        var miss = afterMiss(start);
                        vmId = miss.vmId();
                        vm = miss.vm();
                        how = miss.how();
                    }
                }
            }
            handle = launcher.startContainer(vm, start.containerId(), start.spec());
        } catch (WorkerUnavailableException e) {
            // The worker may have lost the VM, or may not answer for it again: stop using it.
            lose(vmId);
            throw e;
        } catch (WorkerRejectedException e) {
            if (e.gone()) {
                // The worker no longer has the VM (it restarted without it): nor do the books now.
                lose(vmId);
            } else {
                synchronized (lock) {
                    books.startFailed(start.containerId());
                }
            }
            throw e;
        } catch (RuntimeException e) {
            synchronized (lock) {
                books.startFailed(start.containerId());
            }
            throw e;
        }
        synchronized (lock) {
            if (books.containerStarted(start.containerId(), handle) instanceof ContainerState.Removed) {
                throw new WorkerUnavailableException(
                        vm.workerId(), "VM " + vm.vmId() + " was lost while the container started", null);
            }
        }
        return new Started(handle, how);
    }

    /** The claimed VM, now in the books as running; null when the pool had none for us. */
    private VmHandle claim(Start start, ClaimVm claim) {
        var claimed = launcher.claimVm(claim.tenant(), claim.runtime(), claim.memoryMib());
        if (claimed.isEmpty()) {
            return null;
        }
        var handle = claimed.get().handle();
        boolean kept;
        synchronized (lock) {
            kept = books.vmClaimed(
                    start.vmId(),
                    handle,
                    claimed.get().memoryMib(),
                    claimed.get().runtimes());
        }
        if (!kept) {
            destroyLater(handle);
            throw new WorkerUnavailableException(
                    handle.workerId(), "VM " + handle.vmId() + " left the books while it was claimed", null);
        }
        return handle;
    }

    /** Where a missed claim's container went, the VM it starts in, and how that VM was had. */
    private record Fallback(String vmId, VmHandle vm, InvocationStart how) {}

    private Fallback afterMiss(Start start) {
        ContainerPlans.AfterMiss miss;
        CompletableFuture<VmHandle> ready;
        synchronized (lock) {
            miss = books.claimMissed(start).orElse(null);
            ready = miss == null || miss.step() instanceof InRunningVm
                    ? null
                    : boots.computeIfAbsent(miss.vmId(), id -> new CompletableFuture<>());
        }
        if (miss == null) {
            throw new WorkerUnavailableException("unknown", "VM " + start.vmId() + " left the books", null);
        }
        return switch (miss.step()) {
            case InRunningVm running -> new Fallback(miss.vmId(), running.handle(), InvocationStart.TENANT_VM);
            case AwaitBoot await -> new Fallback(miss.vmId(), await(ready), InvocationStart.COLD);
            case BootVm request ->
                new Fallback(miss.vmId(), boot(miss.vmId(), start, request, ready), InvocationStart.COLD);
            case ClaimVm claim -> throw new IllegalStateException("a missed claim never plans another claim");
        };
    }

    private VmHandle boot(Start start, BootVm request, CompletableFuture<VmHandle> ready) {
        return boot(start.vmId(), start, request, ready);
    }

    private VmHandle boot(String vmId, Start start, BootVm request, CompletableFuture<VmHandle> ready) {
        VmHandle handle;
        try {
            handle = launcher.bootVm(
                    request.tenant(), request.memoryMib(), List.of(start.spec().runtime()));
        } catch (RuntimeException e) {
            synchronized (lock) {
                books.vmLost(vmId);
                boots.remove(vmId);
            }
            ready.completeExceptionally(e);
            throw e;
        }
        boolean kept;
        synchronized (lock) {
            kept = books.vmBooted(vmId, handle);
            boots.remove(vmId);
        }
        if (!kept) {
            // Lost (a waiter gave up on it) or shut down while booting: nobody may use it now.
            var lost = new WorkerUnavailableException(
                    handle.workerId(), "VM " + handle.vmId() + " left the books while it booted", null);
            destroyLater(handle);
            ready.completeExceptionally(lost);
            throw lost;
        }
        ready.complete(handle);
        return handle;
    }

    private VmHandle await(CompletableFuture<VmHandle> ready) {
        try {
            return ready.get(bootWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The booter has already taken the VM, and this container with it, out of the books.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new WorkerUnavailableException("unknown", "VM boot did not finish within " + bootWait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a VM to boot", e);
        }
    }

    private void lose(String vmId) {
        synchronized (lock) {
            books.vmLost(vmId).ifPresent(this::destroyLater);
        }
    }

    // The worker may not answer until its timeout: the caller should not wait for that.
    private void destroyLater(VmHandle vm) {
        Thread.ofVirtual().name("destroy-" + vm.vmId()).start(() -> ContainerPool.destroyQuietly(launcher, vm));
    }
}
