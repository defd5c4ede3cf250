package dev.arclight.contracts.worker;

/**
 * The body of every error the worker API answers: a type a caller can branch on (e.g. {@code
 * ContainerBusy}, {@code InvalidRuntimeException}, {@code NoSuchVm}) and a message for people.
 *
 * @param initFailure set only when a container could not start because of the function's own code:
 *     the caller owes its client a function error, not a platform error
 */
public record WorkerError(String type, String message, FunctionInitFailure initFailure) {

    public WorkerError(String type, String message) {
        this(type, message, null);
    }
}
