package dev.arclight.placement.invocation;

import dev.arclight.placement.lambda.LambdaException;
import dev.arclight.placement.lambda.LambdaException.EC2UnexpectedException;
import dev.arclight.placement.lambda.LambdaException.InvalidRuntimeException;
import dev.arclight.placement.worker.WorkerException;
import dev.arclight.placement.worker.WorkerRejectedException;

/** What a caller sees of a worker failure: always a Lambda 5xx, never the worker's own answer. */
final class WorkerFailures {

    private WorkerFailures() {}

    static LambdaException toLambda(WorkerException e, String what) {
        if (e instanceof WorkerRejectedException rejected && "InvalidRuntimeException".equals(rejected.type())) {
            return new InvalidRuntimeException(rejected.getMessage());
        }
        return new EC2UnexpectedException(what + ": " + e.getMessage());
    }
}
