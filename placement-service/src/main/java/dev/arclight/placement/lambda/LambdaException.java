package dev.arclight.placement.lambda;

import java.time.Duration;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * A failure the caller sees as one of Lambda's error types: the type travels in the {@code
 * x-amzn-ErrorType} header, which is what the AWS SDKs map to their exception classes.
 */
public abstract sealed class LambdaException extends RuntimeException {

    private final HttpStatus status;

    private LambdaException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The Lambda error type, which is the simple name of each subclass. */
    public String type() {
        return getClass().getSimpleName();
    }

    public static final class ResourceNotFoundException extends LambdaException {
        public ResourceNotFoundException(String message) {
            super(HttpStatus.NOT_FOUND, message);
        }
    }

    public static final class ProvisionedConcurrencyConfigNotFoundException extends LambdaException {
        public ProvisionedConcurrencyConfigNotFoundException(String message) {
            super(HttpStatus.NOT_FOUND, message);
        }
    }

    public static final class ResourceConflictException extends LambdaException {
        public ResourceConflictException(String message) {
            super(HttpStatus.CONFLICT, message);
        }
    }

    public static final class InvalidParameterValueException extends LambdaException {
        public InvalidParameterValueException(String message) {
            super(HttpStatus.BAD_REQUEST, message);
        }
    }

    public static final class InvalidRequestContentException extends LambdaException {
        public InvalidRequestContentException(String message) {
            super(HttpStatus.BAD_REQUEST, message);
        }
    }

    public static final class RequestTooLargeException extends LambdaException {
        public RequestTooLargeException(String message) {
            super(HttpStatus.PAYLOAD_TOO_LARGE, message);
        }
    }

    public static final class PreconditionFailedException extends LambdaException {
        public PreconditionFailedException(String message) {
            super(HttpStatus.PRECONDITION_FAILED, message);
        }
    }

    public static final class AccessDeniedException extends LambdaException {
        public AccessDeniedException(String message) {
            super(HttpStatus.FORBIDDEN, message);
        }
    }

    /**
     * A concurrency limit is reached: Lambda's 429 with the {@code Reason} in the body and the wait
     * in {@code Retry-After}.
     */
    public static final class TooManyRequestsException extends LambdaException {

        /** Lambda's {@code ThrottleReason} values that concurrency limits produce. */
        public enum Reason {
            ReservedFunctionConcurrentInvocationLimitExceeded,
            ConcurrentInvocationLimitExceeded
        }

        private final Reason reason;
        private final Duration retryAfter;

        public TooManyRequestsException(String message, Reason reason, Duration retryAfter) {
            super(HttpStatus.TOO_MANY_REQUESTS, message);
            this.reason = Objects.requireNonNull(reason, "reason");
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Reason reason() {
            return reason;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** {@code Retry-After} in whole seconds, rounded up so a caller never retries too early. */
        public long retryAfterSeconds() {
            long seconds = retryAfter.toSeconds();
            return retryAfter.toNanosPart() > 0 ? seconds + 1 : seconds;
        }
    }

    public static final class ServiceException extends LambdaException {
        public ServiceException(String message) {
            super(HttpStatus.INTERNAL_SERVER_ERROR, message);
        }
    }

    /**
     * No execution environment could be had for the call: no worker would boot a VM for the
     * tenant. Lambda answers this type (502) when it cannot get capacity while initializing a
     * function, and the AWS SDKs know it.
     */
    public static final class EC2ThrottledException extends LambdaException {
        public EC2ThrottledException(String message) {
            super(HttpStatus.BAD_GATEWAY, message);
        }
    }

    /**
     * The worker holding the call's container failed or became unreachable while starting or
     * running it (502). The call may or may not have run.
     */
    public static final class EC2UnexpectedException extends LambdaException {
        public EC2UnexpectedException(String message) {
            super(HttpStatus.BAD_GATEWAY, message);
        }
    }

    /** The worker cannot run the function's runtime (502, as Lambda answers it). */
    public static final class InvalidRuntimeException extends LambdaException {
        public InvalidRuntimeException(String message) {
            super(HttpStatus.BAD_GATEWAY, message);
        }
    }

    /**
     * The function's deployment package could not be unpacked where it runs (the guest agent refused
     * it: an entry outside the task folder, too large unpacked, too many entries). Lambda answers
     * this type with 502 on Invoke, and the AWS SDKs know it.
     */
    public static final class InvalidZipFileException extends LambdaException {
        public InvalidZipFileException(String message) {
            super(HttpStatus.BAD_GATEWAY, message);
        }
    }
}
