package dev.arclight.contracts.worker;

/**
 * The function error names that cross services: the worker reports them in {@link
 * InvokeContainerResult#errorType()} and {@link FunctionInitFailure#errorType()}, placement tells
 * the caller {@link #UNHANDLED} and decides from them whether the container must be reset. A
 * runtime may report any other type for an error its handler raised (e.g. {@code ValueError}).
 */
public final class FunctionErrors {

    /** {@code X-Amz-Function-Error}'s value for every function error, as Lambda answers it. */
    public static final String UNHANDLED = "Unhandled";

    /** The runtime process ended (exit, signal, out of memory) during init or an invocation. */
    public static final String RUNTIME_EXIT_ERROR = "Runtime.ExitError";

    /** The invocation, or a re-init within it, ran past the function's timeout. */
    public static final String SANDBOX_TIMEDOUT = "Sandbox.Timedout";

    /** The handler's module, or a module it imports, could not be loaded. */
    public static final String IMPORT_MODULE_ERROR = "Runtime.ImportModuleError";

    /** The module loaded but has no such handler function. */
    public static final String HANDLER_NOT_FOUND = "Runtime.HandlerNotFound";

    /** The handler's result could not be serialised to JSON. */
    public static final String MARSHAL_ERROR = "Runtime.MarshalError";

    /** A {@code provided} function without an executable {@code bootstrap}. */
    public static final String INVALID_ENTRYPOINT = "Runtime.InvalidEntrypoint";

    private FunctionErrors() {}

    /**
     * Whether an environment that reported this error must be replaced before its next call: after a
     * timeout, a dead runtime or a failed init (Lambda resets the sandbox), but not after a handler
     * that raised or a result that could not be serialised (the runtime is still sound).
     */
    public static boolean resetsEnvironment(String errorType) {
        if (errorType == null) {
            return false;
        }
        return errorType.startsWith("Sandbox.")
                || (errorType.startsWith("Runtime.") && !errorType.equals(MARSHAL_ERROR));
    }
}
