package dev.arclight.placement.registry;

import dev.arclight.placement.lambda.LambdaErrors;
import dev.arclight.placement.lambda.LambdaException;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.InvalidRequestContentException;
import dev.arclight.placement.lambda.LambdaException.ResourceConflictException;
import dev.arclight.placement.lambda.LambdaException.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns every failure of a registry call into Lambda's error shape, through {@link LambdaErrors}. */
@RestControllerAdvice(basePackageClasses = LambdaErrorAdvice.class)
class LambdaErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(LambdaErrorAdvice.class);

    private final LambdaErrors errors;

    LambdaErrorAdvice(LambdaErrors errors) {
        this.errors = errors;
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> lambda(LambdaException e) {
        return errors.render(e);
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> unreadable(HttpMessageNotReadableException e) {
        // The size limit trips while the body is parsed, so it arrives wrapped.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof LambdaException lambda) {
                return errors.render(lambda);
            }
        }
        return errors.render(new InvalidRequestContentException("Could not parse request body into json: "
                + firstLine(e.getMostSpecificCause().getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> missingParameter(MissingServletRequestParameterException e) {
        return errors.render(new InvalidParameterValueException(e.getParameterName() + " is required"));
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> badParameter(MethodArgumentTypeMismatchException e) {
        return errors.render(
                new InvalidParameterValueException("Invalid value for " + e.getName() + ": " + e.getValue()));
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> mediaType(HttpMediaTypeNotSupportedException e) {
        return errors.render(new InvalidRequestContentException("Unsupported content type: " + e.getContentType()));
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> method(HttpRequestMethodNotSupportedException e) {
        return errors.render(new InvalidRequestContentException("Unsupported method " + e.getMethod()));
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> conflict(DataIntegrityViolationException e) {
        // A unique constraint lost to a concurrent write of the same resource.
        log.debug("Concurrent write lost", e);
        return errors.render(new ResourceConflictException("The resource was changed by a concurrent request"));
    }

    @ExceptionHandler
    ResponseEntity<LambdaErrors.Body> unexpected(Exception e) {
        log.error("Registry call failed", e);
        return errors.render(new ServiceException("Internal error"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed body";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
