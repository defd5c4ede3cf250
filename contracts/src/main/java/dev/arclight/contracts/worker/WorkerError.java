package dev.arclight.contracts.worker;

/**
 * The body of every error the worker API answers: a type a caller can branch on (e.g. {@code
 * ContainerBusy}, {@code InvalidRuntimeException}, {@code NoSuchVm}) and a message for people.
 */
public record WorkerError(String type, String message) {}
