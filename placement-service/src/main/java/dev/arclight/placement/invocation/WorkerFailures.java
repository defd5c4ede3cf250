package dev.arclight.placement.invocation;

import dev.arclight.placement.lambda.LambdaException;
import dev.arclight.placement.lambda.LambdaException.EC2UnexpectedException;
import dev.arclight.placement.lambda.LambdaException.InvalidRuntimeException;
import dev.arclight.placement.lambda.LambdaException.InvalidZipFileException;
import dev.arclight.placement.worker.WorkerException;
import dev.arclight.placement.worker.WorkerRejectedException;

/**
 * What a caller sees of a worker failure: always a Lambda 5xx, never the worker's own answer. The
 * worker's refusals that Lambda has a type for keep it (a runtime it cannot run, a zip the guest
 * will not unpack); every other failure is {@code EC2UnexpectedException}.
 */
final class WorkerFailures {

    private WorkerFailures() {}

    static LambdaException toLambda(WorkerException e, String what) {
        if (e instanceof WorkerRejectedException rejected) {
            switch (rejected.type()) {
                case "InvalidRuntimeException" -> {
                    return new InvalidRuntimeException(rejected.getMessage());
                }
                case "InvalidZipFileException" -> {
                    return new InvalidZipFileException(rejected.getMessage());
                }
                case null, default -> {}
            }
        }
        return new EC2UnexpectedException(what + ": " + e.getMessage());
    }
}
