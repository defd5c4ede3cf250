package dev.arclight.placement.pool;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.pool.ClaimedVm;
import dev.arclight.contracts.pool.PoolErrors;
import dev.arclight.contracts.worker.WorkerError;
import dev.arclight.placement.tracing.ClientTracing;
import dev.arclight.placement.worker.Workers;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * {@code POST /claims} on pool-service, inside the {@code pool} circuit breaker and a hard bound of
 * {@code claimTimeout} on the whole exchange (a read timeout alone would not bound a slow connect
 * plus a slow answer). Counts {@code arclight.placement.pool.claims} by {@code outcome}: {@code hit},
 * {@code miss} (the pool's 404 {@code NoWarmVm}), {@code unavailable} (down, failing, too slow, or
 * its breaker open).
 *
 * <p>A claim that times out here may still succeed in the pool: the VM is then claimed for the
 * tenant but unknown to placement, and nobody would ever use or destroy it. So the exchange is not
 * cut at the timeout: the call goes on to boot at once, while the request runs on for up to {@link
 * PoolProperties#LATE_ANSWER} in the background, and a VM it brings late is destroyed on its worker ({@code
 * late} in the metric). A late answer that never comes (the pool died mid-claim), or a VM it brings
 * that its worker would not destroy, leaves a tenant VM no instance owns: the container package's
 * {@code OrphanVms} destroys it once it has looked so for longer than {@link
 * PoolProperties#claimLifetime}.
 */
class HttpPoolClaims implements PoolClaims {

    private static final Logger log = LoggerFactory.getLogger(HttpPoolClaims.class);

    private final RestClient rest;
    private final Consumer<ClaimedVm> lateVms;
    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final String claimant;
    private final MeterRegistry meters;
    private final ClientTracing tracing;

    /** {@code lateVms} destroys a VM a timed-out claim brought late, on its worker. */
    HttpPoolClaims(
            PoolProperties properties,
            CircuitBreaker breaker,
            String claimant,
            MeterRegistry meters,
            Consumer<ClaimedVm> lateVms,
            ClientTracing tracing) {
        var http = tracing.propagating(HttpClient.newBuilder()
                .connectTimeout(properties.claimTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build());
        var factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(PoolProperties.LATE_ANSWER);
        this.rest = RestClient.builder()
                .baseUrl(properties.url().toString())
                .requestFactory(factory)
                .build();
        this.breaker = breaker;
        this.timeout = properties.claimTimeout();
        this.claimant = claimant;
        this.meters = meters;
        this.lateVms = lateVms;
        this.tracing = tracing;
    }

    @Override
    public Optional<ClaimedVm> claim(String tenant, String runtime, long memoryMib) {
        var request = new ClaimVmRequest(tenant, runtime, memoryMib, claimant);
        try {
            var claimed = breaker.executeSupplier(() -> bounded(request));
            count(claimed.isPresent() ? "hit" : "miss");
            return claimed;
        } catch (CallNotPermittedException e) {
            count("unavailable");
            return Optional.empty();
        } catch (RuntimeException e) {
            log.warn("No VM from the pool for tenant {} ({}, {} MiB): {}", tenant, runtime, memoryMib, e.toString());
            count("unavailable");
            return Optional.empty();
        }
    }

    /** The claim, within the timeout; a 404 NoWarmVm is a miss, any other failure an exception. */
    private Optional<ClaimedVm> bounded(ClaimVmRequest request) {
        var exchange =
                CompletableFuture.supplyAsync(tracing.inCurrentSpan(() -> post(request)), Thread::startVirtualThread);
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.thenAccept(late -> late.ifPresent(vm -> giveBack(request.tenant(), vm)));
            throw new IllegalStateException("the pool did not answer a claim within " + timeout, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while claiming a VM", e);
        }
    }

    /** Late VMs destroyed through {@code workers} (learning a worker only the claim named). */
    static Consumer<ClaimedVm> destroyingOn(Workers workers, Duration timeout) {
        return vm -> {
            workers.learn(vm.workerId(), vm.workerUrl());
            workers.client(vm.workerId()).destroyVm(vm.vmId(), timeout);
        };
    }

    /** Destroys a VM whose claim came after placement had stopped waiting for it. */
    private void giveBack(String tenant, ClaimedVm vm) {
        count("late");
        try {
            lateVms.accept(vm);
            log.info(
                    "destroyed VM {} on {}: its claim for tenant {} answered after {}",
                    vm.vmId(),
                    vm.workerId(),
                    tenant,
                    timeout);
        } catch (RuntimeException e) {
            log.warn("could not destroy VM {} of a late claim on {}: {}", vm.vmId(), vm.workerId(), e.toString());
        }
    }

    private Optional<ClaimedVm> post(ClaimVmRequest request) {
        try {
            return Optional.ofNullable(rest.post()
                    .uri("/claims")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(request)
                    .retrieve()
                    .body(ClaimedVm.class));
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == 404 && PoolErrors.NO_WARM_VM.equals(typeOf(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String typeOf(RestClientResponseException e) {
        try {
            var error = e.getResponseBodyAs(WorkerError.class);
            return error == null ? null : error.type();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private void count(String outcome) {
        Counter.builder("arclight.placement.pool.claims")
                .description("Claims of warm VMs from pool-service")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
