package dev.arclight.placement.registry.function;

/** Code as versions refer to it: the base64 SHA-256 of the zip and the zip's length in bytes. */
public record StoredCode(String sha256, long size) {}
