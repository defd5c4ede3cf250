package dev.arclight.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 by hand, for requests no well-behaved client would send (encoded slashes kept as they
 * are, request lines of any length) and to see exactly whether the server reset the connection
 * while the body was still being sent.
 */
public final class RawHttp {

    /** What came back: the status line and headers, the body, and whether sending the body failed. */
    public record Answer(int status, String head, String body, boolean resetWhileSending) {

        public String header(String name) {
            for (var line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private RawHttp() {}

    /** Sends {@code head} (without its final blank line) then the body, and reads the answer whole. */
    public static Answer exchange(int port, String head, Body body) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            boolean reset = false;
            try {
                out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(out);
                out.flush();
            } catch (SocketException e) {
                reset = true;
            }
            byte[] answer;
            try {
                answer = socket.getInputStream().readAllBytes();
            } catch (SocketException e) {
                return new Answer(0, "", "", true);
            }
            var text = new String(answer, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return new Answer(0, text, "", reset);
            }
            var statusLine = text.substring(0, text.indexOf("\r\n"));
            int status = Integer.parseInt(statusLine.split(" ")[1].toLowerCase(Locale.ROOT));
            return new Answer(status, text.substring(0, end), text.substring(end + 4), reset);
        }
    }

    public static Answer get(int port, String pathAndQuery, String extraHeaders) throws IOException {
        return exchange(
                port,
                "GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: acme-api-key\r\n" + extraHeaders,
                out -> {});
    }

    /** Writes {@code body} as chunks of {@code chunkSize}, then the last chunk. */
    public static void chunked(OutputStream out, byte[] body, int chunkSize) throws IOException {
        for (int at = 0; at < body.length; at += chunkSize) {
            int n = Math.min(chunkSize, body.length - at);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
