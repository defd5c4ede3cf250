package dev.arclight.worker.api;

import dev.arclight.contracts.worker.FunctionInitFailure;
import dev.arclight.contracts.worker.WorkerError;
import dev.arclight.worker.container.ContainerBusyException;
import dev.arclight.worker.container.ContainerConflictException;
import dev.arclight.worker.container.InvalidRuntimeException;
import dev.arclight.worker.container.NoSuchContainerException;
import dev.arclight.worker.container.VmMemoryInUseException;
import dev.arclight.worker.guest.AgentException;
import dev.arclight.worker.guest.AgentUnavailableException;
import dev.arclight.worker.vm.NoSuchVmException;
import dev.arclight.worker.vm.VmAlreadyAssignedException;
import dev.arclight.worker.vm.VmBootException;
import dev.arclight.worker.vm.VmOperationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of the worker API as {@link WorkerError} JSON: 400 bad input, 404 unknown VM or
 * container, 409 busy or already there, 413 too large, 422 a function whose runtime could not start (with
 * its {@link FunctionInitFailure}),
 * 503 when a VM or its agent is unavailable.
 */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    /** The agent's own refusals that are the caller's fault or a conflict, not the function's. */
    private static final String AGENT_BUSY = "ContainerBusy";

    private static final String AGENT_NOT_FOUND = "ContainerNotFound";
    private static final String AGENT_BAD_PARAMETER = "InvalidParameterValueException";
    /** The agent refused to unpack the zip (an entry outside the task folder, too large, too many files). */
    private static final String AGENT_BAD_ZIP = "InvalidZipFileException";

    @ExceptionHandler
    ResponseEntity<WorkerError> badRequest(BadRequestException e) {
        return error(HttpStatus.BAD_REQUEST, e.type(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> illegalArgument(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, BadRequestException.INVALID_PARAMETER, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> invalidRuntime(InvalidRuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, "InvalidRuntimeException", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLargeException tooLarge) {
                return error(HttpStatus.CONTENT_TOO_LARGE, "RequestTooLargeException", tooLarge.getMessage());
            }
        }
        return error(
                HttpStatus.BAD_REQUEST,
                BadRequestException.INVALID_CONTENT,
                "the request body is not valid JSON" + " for this operation");
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> payloadTooLarge(ContainerController.PayloadTooLargeException e) {
        return error(HttpStatus.CONTENT_TOO_LARGE, "RequestTooLargeException", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> noSuchVm(NoSuchVmException e) {
        return error(HttpStatus.NOT_FOUND, "NoSuchVm", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> alreadyAssigned(VmAlreadyAssignedException e) {
        return error(HttpStatus.CONFLICT, "VmAlreadyAssigned", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> noSuchContainer(NoSuchContainerException e) {
        return error(HttpStatus.NOT_FOUND, "NoSuchContainer", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> busy(ContainerBusyException e) {
        return error(HttpStatus.CONFLICT, AGENT_BUSY, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> conflict(ConflictException e) {
        return error(HttpStatus.CONFLICT, e.type(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> memoryInUse(VmMemoryInUseException e) {
        return error(HttpStatus.CONFLICT, "VmMemoryInUse", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> containerConflict(ContainerConflictException e) {
        return error(HttpStatus.CONFLICT, "ContainerAlreadyExists", e.getMessage());
    }

    /**
     * The agent refused: a busy or unknown container, a bad parameter or zip, or a runtime that failed
     * to start. When the function's own code failed, the answer carries a {@link FunctionInitFailure}
     * so that the caller can give its client a function error.
     */
    @ExceptionHandler
    ResponseEntity<WorkerError> agentRefused(AgentException e) {
        if (e.functionError()) {
            var failure = new FunctionInitFailure(e.type(), e.reason(), e.payload(), e.logTail());
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                    .body(new WorkerError(e.type(), e.reason(), failure));
        }
        var status = switch (e.type()) {
            case AGENT_BUSY -> HttpStatus.CONFLICT;
            case AGENT_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case AGENT_BAD_PARAMETER, AGENT_BAD_ZIP, BadRequestException.INVALID_CONTENT -> HttpStatus.BAD_REQUEST;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        var message = e.logTail().isBlank() ? e.getMessage() : e.getMessage() + "\n" + e.logTail();
        return error(status, e.type(), message);
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> agentUnavailable(AgentUnavailableException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "AgentUnavailable", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> bootFailed(VmBootException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "VmBootFailed", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> vmUnavailable(VmOperationException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "VmUnavailable", e.getMessage());
    }

    /** No guest image, or the hypervisor probe has not decided: the worker cannot boot VMs now. */
    @ExceptionHandler
    ResponseEntity<WorkerError> notReady(IllegalStateException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "WorkerNotReady", e.getMessage());
    }

    /** Spring MVC's own errors (unknown path, wrong method, media type) keep their status. */
    @ExceptionHandler
    ResponseEntity<WorkerError> other(Exception e) {
        if (e instanceof ErrorResponse response) {
            var status = response.getStatusCode();
            var type = status.value() == 404 ? "UnknownOperation" : e.getClass().getSimpleName();
            return error(status, type, response.getBody().getDetail());
        }
        log.error("unexpected failure", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "ServiceException", e.toString());
    }

    private static ResponseEntity<WorkerError> error(HttpStatusCode status, String type, String message) {
        if (status.is5xxServerError()) {
            log.warn("{} {}: {}", status.value(), type, message);
        }
        return ResponseEntity.status(status).body(new WorkerError(type, message));
    }
}
