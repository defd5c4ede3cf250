package dev.arclight.gateway.ring;

/** Which of a function's two arcs a call was routed along. */
public enum ArcKind {
    /** The arc sized by the function's provisioned concurrency, where its pre-initialized containers live. */
    RESERVED,
    /** The arc for calls to functions without provisioned concurrency and calls beyond it. */
    UNRESERVED
}
