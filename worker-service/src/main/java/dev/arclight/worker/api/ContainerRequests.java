package dev.arclight.worker.api;

import dev.arclight.contracts.worker.StartContainerRequest;
import dev.arclight.worker.container.ContainerRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks a start-container request and turns it into the worker's own {@link ContainerRequest}. */
final class ContainerRequests {

    /** The id names a cgroup and a directory inside the guest: nothing that could leave them. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    static final int MIN_MEMORY_MIB = 16;
    static final int MAX_MEMORY_MIB = 10_240;
    static final int MAX_TIMEOUT_SECONDS = 900;

    private ContainerRequests() {}

    static ContainerRequest from(StartContainerRequest request) {
        var id = request.containerId() != null
                ? request.containerId()
                : "c-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (!ID.matcher(id).matches()) {
            throw invalid("containerId must match " + ID + ", was '" + id + "'");
        }
        if (blank(request.functionArn())) {
            throw invalid("functionArn is required");
        }
        if (blank(request.runtime())) {
            throw invalid("runtime is required");
        }
        if (blank(request.codeZip())) {
            throw invalid("codeZip (the deployment package, base64) is required");
        }
        int memory = request.memoryMib() != null ? request.memoryMib() : 128;
        if (memory < MIN_MEMORY_MIB || memory > MAX_MEMORY_MIB) {
            throw invalid("memoryMib must be between " + MIN_MEMORY_MIB + " and " + MAX_MEMORY_MIB + ", was " + memory);
        }
        int timeout = request.timeoutSeconds() != null ? request.timeoutSeconds() : 3;
        if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
            throw invalid("timeoutSeconds must be between 1 and " + MAX_TIMEOUT_SECONDS + ", was " + timeout);
        }
        byte[] code;
        try {
            code = Base64.getDecoder().decode(request.codeZip());
        } catch (IllegalArgumentException e) {
            throw invalid("codeZip is not valid base64: " + e.getMessage());
        }
        return new ContainerRequest(
                id,
                request.functionArn(),
                request.functionVersion() != null ? request.functionVersion() : "$LATEST",
                request.runtime(),
                request.handler(),
                code,
                memory,
                Duration.ofSeconds(timeout),
                request.environment());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static BadRequestException invalid(String message) {
        return new BadRequestException(BadRequestException.INVALID_PARAMETER, message);
    }
}
