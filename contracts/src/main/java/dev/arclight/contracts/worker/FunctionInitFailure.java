package dev.arclight.contracts.worker;

/**
 * Why a function's runtime could not initialise: it exited, a module failed to import, the handler
 * is missing, or the runtime posted {@code /runtime/init/error}. Lambda answers the call that met
 * it with a function error ({@code X-Amz-Function-Error: Unhandled}) and initialises again on the
 * next call.
 *
 * @param errorType e.g. {@link FunctionErrors#RUNTIME_EXIT_ERROR} or {@link FunctionErrors#IMPORT_MODULE_ERROR}
 * @param errorMessage e.g. {@code Unable to import module 'app': No module named 'requests'}, or for a
 *     failure the platform saw, {@code Runtime exited with error: exit status 1} (without the request
 *     id, which the worker does not know at container start)
 * @param errorJson the error JSON the runtime itself posted, to pass on as it is, or {@code null} when
 *     the platform saw the failure (the caller builds Lambda's, {@code "RequestId: <id> Error: " +
 *     errorMessage})
 * @param logTail what the runtime logged while it failed, at most 4 KB
 */
public record FunctionInitFailure(String errorType, String errorMessage, String errorJson, String logTail) {}
