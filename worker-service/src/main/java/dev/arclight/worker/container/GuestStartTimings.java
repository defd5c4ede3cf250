package dev.arclight.worker.container;

import tools.jackson.databind.JsonNode;

/**
 * Where the guest agent's part of a container start went, in milliseconds, as its answer says:
 * waiting for the thread that serves the request ({@code queued}), the start path's imports
 * ({@code imports}), decoding and writing the code ({@code code}), taking the pre-started runtime
 * ({@code take}), unpacking ({@code prepare}), the runtime loading the function up to its first
 * {@code /next} ({@code init}), and all of it from the frame's arrival to the answer ({@code
 * inAgent}). What the host measures beyond {@code inAgent} is the channel and the frames both
 * ways. An agent older than these timers answers zeros for the ones it lacks.
 */
public record GuestStartTimings(
        double queuedMs,
        double importsMs,
        double codeMs,
        double takeMs,
        double prepareMs,
        double initMs,
        double inAgentMs) {

    static GuestStartTimings from(JsonNode started) {
        return new GuestStartTimings(
                started.path("queuedMs").asDouble(0),
                started.path("importMs").asDouble(0),
                started.path("codeMs").asDouble(0),
                started.path("takeMs").asDouble(0),
                started.path("prepareMs").asDouble(0),
                started.path("initMs").asDouble(0),
                started.path("inAgentMs").asDouble(0));
    }
}
