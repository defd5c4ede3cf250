package dev.arclight.contracts.worker;

import java.util.Map;

/**
 * Starts one function version's container in a VM ({@code POST /vms/{id}/containers}). The call
 * returns once the runtime is warm (waiting for its first event).
 *
 * @param containerId id for the container, unique on the worker; the worker picks one when absent
 * @param functionArn the function's qualified ARN
 * @param functionVersion e.g. {@code $LATEST} or {@code 3}
 * @param runtime a Lambda runtime identifier, e.g. {@code python3.11}
 * @param handler e.g. {@code app.handler}; ignored by {@code provided*}
 * @param codeZip the deployment package, base64
 * @param memoryMib the container's memory limit
 * @param timeoutSeconds how long one invocation may run
 * @param environment the function's environment variables
 */
public record StartContainerRequest(
        String containerId,
        String functionArn,
        String functionVersion,
        String runtime,
        String handler,
        String codeZip,
        Integer memoryMib,
        Integer timeoutSeconds,
        Map<String, String> environment) {}
