package dev.arclight.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One service of the platform, started from its runnable jar as a process of its own, exactly as
 * {@code ./arclight up} starts it: the same jar, the same configuration, overridden only by
 * environment variables and arguments.
 */
final class ServiceProcess implements AutoCloseable {

    private static final List<String> JVM_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx384m");

    private final String name;
    private final int port;
    private final Path log;
    private final ProcessBuilder builder;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, ProcessBuilder builder, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.builder = builder;
        this.process = process;
    }

    static ServiceProcess start(
            String name, Path jar, int port, Map<String, String> environment, List<String> arguments, Path logs) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": no runnable jar at " + jar
                    + "; build the services first (./mvnw verify builds them before this module)");
        }
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(arguments);
        try {
            Files.createDirectories(logs);
            var log = logs.resolve(name + ".log");
            // A fresh log per run; a restart within the run appends to it.
            Files.deleteIfExists(log);
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            return new ServiceProcess(name, port, log, builder, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException(name + ": could not start: " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    URI baseUrl() {
        return URI.create("http://localhost:" + port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the actuator reports UP; fails with the end of the service's log otherwise. */
    void awaitHealthy(Duration timeout) {
        awaitHealthy(timeout, body -> true);
    }

    /**
     * Waits until the actuator reports UP with a body that passes {@code ready}; fails with the end of
     * the service's log otherwise.
     */
    void awaitHealthy(Duration timeout, Predicate<String> ready) {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var request = HttpRequest.newBuilder(baseUrl().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(3))
                .build();
        var deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " during start:\n" + tail());
            }
            try {
                var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200
                        && response.body().contains("\"status\":\"UP\"")
                        && ready.test(response.body())) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " was not healthy after " + timeout + ":\n" + tail());
    }

    /** The last lines of the service's log, for failure messages. */
    String tail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * The same service started again, on the same port with the same environment and arguments
     * (its log goes on in the same file), after this one has ended: a restart after a crash.
     */
    ServiceProcess restarted() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        try {
            return new ServiceProcess(name, port, log, builder, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException(name + ": could not start again: " + e.getMessage(), e);
        }
    }

    /** SIGKILL: the process dies mid-work, as in a crash, with no chance to clean up. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL if the service has not stopped within 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
