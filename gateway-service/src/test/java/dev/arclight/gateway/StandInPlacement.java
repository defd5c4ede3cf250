package dev.arclight.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands in for placement-service: a real HTTP server that records every request reaching it (its
 * headers and a digest of its body) and answers like the registry. A path containing {@code /slow/}
 * is answered only after {@link #SLOW_ANSWER_MILLIS}, to play a placement that hangs.
 */
public final class StandInPlacement implements AutoCloseable {

    public static final long SLOW_ANSWER_MILLIS = 15_000;

    /** One request as placement received it. */
    public record Received(String method, String uri, Headers headers, long bodyBytes, String bodySha256) {

        public List<String> header(String name) {
            return Optional.ofNullable(headers.get(name)).orElse(List.of());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private StandInPlacement() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    public static StandInPlacement start() {
        return new StandInPlacement();
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** What reached placement under a path (and query) starting with {@code uriPrefix}. */
    public List<Received> received(String uriPrefix) {
        return received.stream().filter(r -> r.uri().startsWith(uriPrefix)).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        var digest = sha256();
        long bytes;
        try (InputStream body = exchange.getRequestBody()) {
            bytes = consume(body, digest);
        }
        received.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().toString(),
                copy(exchange.getRequestHeaders()),
                bytes,
                HexFormat.of().formatHex(digest.digest())));
        if (exchange.getRequestURI().getPath().contains("/slow/")) {
            try {
                Thread.sleep(SLOW_ANSWER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var answer = "{\"Functions\":[]}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (var out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static long consume(InputStream body, MessageDigest digest) throws IOException {
        var buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static Headers copy(Headers headers) {
        var copy = new Headers();
        headers.forEach(copy::put);
        return copy;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
