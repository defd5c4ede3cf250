package dev.arclight.pool.web;

import dev.arclight.contracts.pool.PoolErrors;
import dev.arclight.contracts.worker.WorkerError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every error of the pool's API in the worker API's body shape ({@link WorkerError}), so that a
 * caller reads one shape from both: 400 {@link PoolErrors#INVALID_PARAMETER}, 404 {@link
 * PoolErrors#NO_SUCH_SUB_POOL} or {@link PoolErrors#NO_WARM_VM}.
 */
@RestControllerAdvice
class PoolErrorAdvice {

    @ExceptionHandler
    ResponseEntity<WorkerError> pool(PoolException e) {
        return ResponseEntity.status(e.status()).body(new WorkerError(e.type(), e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(new WorkerError(
                        PoolErrors.INVALID_PARAMETER, "the request body is not valid JSON for this operation"));
    }

    @ExceptionHandler
    ResponseEntity<WorkerError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(new WorkerError(PoolErrors.INVALID_PARAMETER, "invalid value for " + e.getName()));
    }
}
