package dev.arclight.gateway.invoke;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/** What a placement instance answered, read whole: returned to the caller as it is. */
record PlacementAnswer(HttpStatusCode status, HttpHeaders headers, byte[] body) {}
