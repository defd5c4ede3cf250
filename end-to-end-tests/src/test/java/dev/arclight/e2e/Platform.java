package dev.arclight.e2e;

import dev.arclight.testkit.RealInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform under test, started once per test JVM: a real PostgreSQL and Kafka from the test
 * kit, then the services (worker, pool, two placement instances, gateway) from their runnable jars, each on a free port and configured the way an
 * operator would (environment variables and arguments over the jar's own defaults). As in the
 * container images, they log ECS JSON; tracing is on, every span going to an OTLP/HTTP receiver in
 * the test JVM ({@link #traces()}).
 */
final class Platform {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static Platform running;

    static final String GATEWAY = "gateway-service";
    static final String WORKER = "worker-service";
    static final String POOL = "pool-service";
    static final List<String> PLACEMENTS = List.of("placement-1", "placement-2");

    /** Names this run's VMs ({@code arclight-<worker id>-<vm id>}), so leftovers can be found. */
    static final String WORKER_ID = "e2e" + Long.toHexString(System.nanoTime() & 0xffffffL);

    /** The worker's image copy and VM files: ~300 MB, removed when the platform stops. */
    private static Path vmHome;

    private static final Set<Integer> GIVEN_PORTS = new HashSet<>();

    /** Where every service of the run exports its spans (TraceEndToEndTests). */
    private static OtlpTraceReceiver traces;

    private final Map<String, ServiceProcess> services;
    private final int reclaimPort;

    private Platform(Map<String, ServiceProcess> services, int reclaimPort) {
        this.services = services;
        this.reclaimPort = reclaimPort;
    }

    static synchronized Platform get() {
        if (running == null) {
            running = start();
            // Normally PlatformStopper stops it at the end of the test run, before the test kit's
            // PostgreSQL and Kafka go; this hook is for a run that ends otherwise.
            Runtime.getRuntime().addShutdownHook(new Thread(Platform::stopIfRunning, "stop-e2e-platform"));
        }
        return running;
    }

    static synchronized void stopIfRunning() {
        if (running != null) {
            running.stop();
            running = null;
        }
    }

    /** The spans the services exported so far. */
    OtlpTraceReceiver traces() {
        return traces;
    }

    /** The file a service's output (its log lines) goes to. */
    Path log(String name) {
        return services.get(name).log();
    }

    URI gatewayUrl() {
        return services.get(GATEWAY).baseUrl();
    }

    /** The instance the gateway sends the control API to. */
    URI placementUrl() {
        return service(PLACEMENTS.getFirst()).baseUrl();
    }

    URI poolUrl() {
        return service(POOL).baseUrl();
    }

    /**
     * The port the gateway sends {@code GET /admin/reclaim} to. The platform does not start
     * reclaim-service (it is off the call path); {@link ReclaimEndToEndTests} starts it here.
     */
    int reclaimPort() {
        return reclaimPort;
    }

    URI workerUrl() {
        return service(WORKER).baseUrl();
    }

    synchronized ServiceProcess service(String name) {
        return services.get(name);
    }

    /**
     * Starts a killed service again and waits until it is healthy, and the gateway until every
     * placement instance is back in its ring: what an operator's supervisor (systemd, Kubernetes)
     * does after a crash.
     */
    synchronized ServiceProcess restart(String name) {
        var dead = services.get(name);
        if (dead.isAlive()) {
            dead.kill();
        }
        var again = dead.restarted();
        services.put(name, again);
        again.awaitHealthy(START_TIMEOUT);
        services.get(GATEWAY).awaitHealthy(START_TIMEOUT, body -> allPassing(body, PLACEMENTS));
        return again;
    }

    private static Platform start() {
        var root = Path.of(System.getProperty("arclight.e2e.root", ".."))
                .toAbsolutePath()
                .normalize();
        var logs = Path.of(System.getProperty("arclight.e2e.logs", "target/e2e-logs"));
        var kafka = RealInfrastructure.kafka().bootstrapServers();
        if (traces == null) {
            traces = OtlpTraceReceiver.start(freePort());
        }
        var database = RealInfrastructure.postgres().databaseFor("placement");
        int reclaimPort = freePort();
        var started = new LinkedHashMap<String, ServiceProcess>();
        // VMs an earlier run could not clean up (its JVM killed) would hold memory for nothing.
        LeftoverVms.destroy("arclight-e2e");
        try {
            var worker = startWorker(root, logs, kafka);
            started.put(worker.name(), worker);
            // The warm pool, with its shipped sub-pools; it finds the worker by its capacity reports.
            var poolDatabase = RealInfrastructure.postgres().databaseFor("pool");
            var pool = ServiceProcess.start(
                    POOL,
                    jar(root, "pool-service"),
                    freePort(),
                    observed(Map.of(
                            "SPRING_DATASOURCE_URL",
                            poolDatabase.jdbcUrl(),
                            "SPRING_DATASOURCE_USERNAME",
                            poolDatabase.username(),
                            "SPRING_DATASOURCE_PASSWORD",
                            poolDatabase.password(),
                            "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                            kafka)),
                    List.of(),
                    logs);
            started.put(pool.name(), pool);
            var placements = new ArrayList<ServiceProcess>();
            for (var name : PLACEMENTS) {
                var placement = ServiceProcess.start(
                        name,
                        jar(root, "placement-service"),
                        freePort(),
                        observed(Map.ofEntries(
                                Map.entry("SPRING_DATASOURCE_URL", database.jdbcUrl()),
                                Map.entry("SPRING_DATASOURCE_USERNAME", database.username()),
                                Map.entry("SPRING_DATASOURCE_PASSWORD", database.password()),
                                Map.entry("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka),
                                Map.entry("ARCLIGHT_PLACEMENT_WORKERS_0_ID", "worker-1"),
                                Map.entry(
                                        "ARCLIGHT_PLACEMENT_WORKERS_0_URL",
                                        worker.baseUrl().toString()),
                                Map.entry("ARCLIGHT_PLACEMENT_CONCURRENCY_INSTANCEID", name),
                                // Small VMs: the tests' containers are 128 MiB, and QEMU under TCG
                                // costs its own ~200 MiB per VM on a 24 GiB machine.
                                Map.entry("ARCLIGHT_PLACEMENT_CONTAINERS_VMMEMORY", "768MB"),
                                // The second tenant's account limit, small enough for a test to
                                // flood it (TenantIsolationEndToEndTests).
                                Map.entry("ARCLIGHT_PLACEMENT_CONCURRENCY_TENANTLIMITS_OTHER", "4"),
                                Map.entry(
                                        "ARCLIGHT_PLACEMENT_POOL_URL",
                                        pool.baseUrl().toString()))),
                        // A line per request (a warm call logs nothing of its own), which carries
                        // the call's trace id (TraceEndToEndTests). An argument, since a level set
                        // by an environment variable names the logger in lower case.
                        List.of("--logging.level.org.springframework.web.servlet.DispatcherServlet=debug"),
                        logs);
                started.put(name, placement);
                placements.add(placement);
            }
            var gatewayEnvironment = new HashMap<>(observed(Map.of()));
            // The gateway is reactive: its log lines carry the trace id only with Reactor's
            // automatic context propagation (docs/operations.md, "Logs"); its one line per call is
            // at debug.
            gatewayEnvironment.put("SPRING_REACTOR_CONTEXTPROPAGATION", "auto");
            gatewayEnvironment.put("LOGGING_LEVEL_DEV_ARCLIGHT_GATEWAY_INVOKE", "debug");
            gatewayEnvironment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka);
            gatewayEnvironment.put(
                    "ARCLIGHT_GATEWAY_PLACEMENT_URL",
                    placements.getFirst().baseUrl().toString());
            gatewayEnvironment.put("ARCLIGHT_GATEWAY_POOL_URL", pool.baseUrl().toString());
            gatewayEnvironment.put("ARCLIGHT_GATEWAY_RECLAIM_URL", "http://localhost:" + reclaimPort);
            for (int i = 0; i < placements.size(); i++) {
                var prefix = "ARCLIGHT_GATEWAY_PLACEMENT_INSTANCES_" + i + "_";
                gatewayEnvironment.put(prefix + "NAME", placements.get(i).name());
                gatewayEnvironment.put(
                        prefix + "URL", placements.get(i).baseUrl().toString());
            }
            var gateway = ServiceProcess.start(
                    GATEWAY,
                    jar(root, "gateway-service"),
                    freePort(),
                    gatewayEnvironment,
                    gatewayArguments(logs),
                    logs);
            started.put(gateway.name(), gateway);
            for (var service : started.values()) {
                if (service == gateway) {
                    // Ready means routable; these tests want every placement instance in the ring
                    // (the arcs they check span both), so wait until each has passed a check.
                    var names = placements.stream().map(ServiceProcess::name).toList();
                    service.awaitHealthy(START_TIMEOUT, body -> allPassing(body, names));
                } else {
                    service.awaitHealthy(START_TIMEOUT);
                }
            }
            return new Platform(started, reclaimPort);
        } catch (RuntimeException e) {
            started.values().forEach(ServiceProcess::close);
            throw e;
        }
    }

    /** Whether the gateway's {@code ring} health component reports every one of {@code names} passing. */
    private static boolean allPassing(String health, List<String> names) {
        var instances = JsonMapper.shared()
                .readTree(health)
                .path("components")
                .path("ring")
                .path("details")
                .path("instances");
        return names.stream()
                .allMatch(name -> "passing".equals(instances.path(name).asString(null)));
    }

    /**
     * The worker with a worker id of its own, so that the VMs it names are this run's and nothing
     * else on the host is touched; its image and VM files where QEMU's user can reach them.
     */
    private static ServiceProcess startWorker(Path root, Path logs, String kafka) {
        try {
            vmHome = Files.createTempDirectory(Path.of("/tmp"), "arclight-e2e-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var image = GuestImage.prepare(root, vmHome);
        return ServiceProcess.start(
                WORKER,
                jar(root, "worker-service"),
                freePort(),
                observed(Map.of(
                        "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                        kafka,
                        "ARCLIGHT_WORKER_ID",
                        WORKER_ID,
                        "ARCLIGHT_WORKER_IMAGEDIR",
                        image.toString(),
                        "ARCLIGHT_WORKER_VMDIR",
                        vmHome.resolve("vms").toString())),
                List.of(),
                logs);
    }

    /**
     * {@code environment} plus what the container images and the compose file set when tracing is
     * on: ECS JSON log lines, and every span exported by OTLP/HTTP, here to the test's receiver
     * (soon after it ends, so that a test waits little for it).
     */
    private static Map<String, String> observed(Map<String, String> environment) {
        var observed = new HashMap<>(environment);
        observed.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        observed.put("MANAGEMENT_TRACING_EXPORT_ENABLED", "true");
        observed.put(
                "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
                traces.tracesUrl().toString());
        observed.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULEDELAY", "500ms");
        return observed;
    }

    /** A second tenant besides the default {@code local}, for isolation tests. */
    private static List<String> gatewayArguments(Path logs) {
        var config = logs.resolve("gateway-e2e.yml");
        try {
            Files.createDirectories(logs);
            Files.writeString(config, TestTenants.gatewayConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("--spring.config.additional-location=file:" + config);
    }

    private static Path jar(Path root, String module) {
        try (var jars = Files.list(root.resolve(module).resolve("target"))) {
            return jars.filter(path -> path.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElse(root.resolve(module).resolve("target").resolve(module + "-exec.jar"));
        } catch (IOException e) {
            return root.resolve(module).resolve("target").resolve(module + "-exec.jar");
        }
    }

    /**
     * A port no service of this run was given yet, and nothing listens on now. Each service binds its
     * port only once its JVM has started (tens of seconds on a loaded 2-core host), so a port found
     * free for one service would otherwise be found free again for the next before the first binds.
     */
    static synchronized int freePort() {
        while (true) {
            try (var socket = new ServerSocket(0)) {
                if (GIVEN_PORTS.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Gateway first, so nothing new reaches placement while it stops; placement before the
     * worker, so it can stop the containers and VMs it started; every other service (the pool)
     * before the worker too; then any VM of this run that is still defined (a killed placement
     * never stopped its own, and the pool's VMs outlive the pool by design).
     */
    private void stop() {
        var order = new ArrayList<String>();
        order.add(GATEWAY);
        order.addAll(PLACEMENTS);
        services.keySet().stream()
                .filter(name -> !order.contains(name) && !name.equals(WORKER))
                .forEach(order::add);
        order.add(WORKER);
        order.forEach(name -> services.get(name).close());
        LeftoverVms.destroy("arclight-" + WORKER_ID + "-");
        if (traces != null) {
            traces.close();
            traces = null;
        }
        if (vmHome != null) {
            try {
                FileSystemUtils.deleteRecursively(vmHome);
            } catch (IOException e) {
                // A leftover temporary directory is not worth failing the run over.
            }
        }
    }
}
