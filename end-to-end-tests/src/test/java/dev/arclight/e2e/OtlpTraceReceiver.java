package dev.arclight.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver in the test JVM, where the services export their spans: {@code POST
 * /v1/traces} with an {@code ExportTraceServiceRequest} in protobuf, the exporters' default. The
 * few fields read here are decoded from the protobuf wire format by hand ({@link Protobuf}), which
 * spares the test a dependency on generated OTLP classes.
 */
final class OtlpTraceReceiver implements AutoCloseable {

    /** One span as a service exported it; ids in lower-case hex, {@code parentSpanId} empty at a root. */
    record ReceivedSpan(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            int kind,
            Map<String, String> attributes) {}

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    private OtlpTraceReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpTraceReceiver start(int port) {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            var receiver = new OtlpTraceReceiver(server);
            server.createContext("/v1/traces", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI tracesUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedSpan> spansOf(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            spans.addAll(decode(body.readAllBytes()));
            // An empty ExportTraceServiceResponse: everything accepted.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** ExportTraceServiceRequest: 1 resource_spans; ResourceSpans: 1 resource, 2 scope_spans; ScopeSpans: 2 spans. */
    static List<ReceivedSpan> decode(byte[] request) {
        var decoded = new ArrayList<ReceivedSpan>();
        for (var resourceSpans : Protobuf.fields(request, 1)) {
            var resource = Protobuf.fields(resourceSpans, 1);
            var resourceAttributes =
                    resource.isEmpty() ? Map.<String, String>of() : attributes(Protobuf.fields(resource.getFirst(), 1));
            var service = resourceAttributes.getOrDefault("service.name", "");
            for (var scopeSpans : Protobuf.fields(resourceSpans, 2)) {
                for (var span : Protobuf.fields(scopeSpans, 2)) {
                    decoded.add(new ReceivedSpan(
                            service,
                            hex(Protobuf.first(span, 1)),
                            hex(Protobuf.first(span, 2)),
                            hex(Protobuf.first(span, 4)),
                            new String(Protobuf.first(span, 5), StandardCharsets.UTF_8),
                            (int) Protobuf.varint(span, 6),
                            attributes(Protobuf.fields(span, 9))));
                }
            }
        }
        return decoded;
    }

    /** KeyValue: 1 key, 2 value (AnyValue: 1 string, 2 bool, 3 int; others shown as their bytes' length). */
    private static Map<String, String> attributes(List<byte[]> keyValues) {
        var attributes = new LinkedHashMap<String, String>();
        for (var keyValue : keyValues) {
            var key = new String(Protobuf.first(keyValue, 1), StandardCharsets.UTF_8);
            var value = Protobuf.first(keyValue, 2);
            String text;
            if (!Protobuf.fields(value, 1).isEmpty()) {
                text = new String(Protobuf.first(value, 1), StandardCharsets.UTF_8);
            } else if (Protobuf.has(value, 2)) {
                text = Boolean.toString(Protobuf.varint(value, 2) != 0);
            } else if (Protobuf.has(value, 3)) {
                text = Long.toString(Protobuf.varint(value, 3));
            } else {
                text = "(" + value.length + " bytes)";
            }
            attributes.put(key, text);
        }
        return attributes;
    }

    private static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Just enough of the protobuf wire format: a message is a run of (tag, value) pairs, the tag a
     * varint of field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
     */
    static final class Protobuf {

        private Protobuf() {}

        /** The values of one length-delimited field (repeated or not), in order. */
        static List<byte[]> fields(byte[] message, int number) {
            var values = new ArrayList<byte[]>();
            walk(message, (field, wireType, varint, bytes) -> {
                if (field == number && wireType == 2) {
                    values.add(bytes);
                }
            });
            return values;
        }

        static byte[] first(byte[] message, int number) {
            var values = fields(message, number);
            return values.isEmpty() ? new byte[0] : values.getFirst();
        }

        static boolean has(byte[] message, int number) {
            var found = new boolean[1];
            walk(message, (field, wireType, varint, bytes) -> found[0] |= field == number);
            return found[0];
        }

        static long varint(byte[] message, int number) {
            var value = new long[1];
            walk(message, (field, wireType, varint, bytes) -> {
                if (field == number && wireType == 0) {
                    value[0] = varint;
                }
            });
            return value[0];
        }

        private interface Visitor {
            void field(int number, int wireType, long varint, byte[] bytes);
        }

        private static void walk(byte[] message, Visitor visitor) {
            var in = new Reader(message);
            while (in.more()) {
                long tag = in.varint();
                int number = (int) (tag >>> 3);
                int wireType = (int) (tag & 7);
                switch (wireType) {
                    case 0 -> visitor.field(number, wireType, in.varint(), null);
                    case 1 -> visitor.field(number, wireType, in.fixed(8), null);
                    case 2 -> visitor.field(number, wireType, 0, in.bytes((int) in.varint()));
                    case 5 -> visitor.field(number, wireType, in.fixed(4), null);
                    default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
                }
            }
        }

        private static final class Reader {
            private final byte[] data;
            private int position;

            Reader(byte[] data) {
                this.data = data;
            }

            boolean more() {
                return position < data.length;
            }

            long varint() {
                long value = 0;
                for (int shift = 0; shift < 64; shift += 7) {
                    byte b = data[position++];
                    value |= (long) (b & 0x7f) << shift;
                    if ((b & 0x80) == 0) {
                        return value;
                    }
                }
                throw new IllegalArgumentException("malformed varint");
            }

            long fixed(int size) {
                long value = 0;
                for (int i = 0; i < size; i++) {
                    value |= (long) (data[position++] & 0xff) << (8 * i);
                }
                return value;
            }

            byte[] bytes(int length) {
                position += length;
                return Arrays.copyOfRange(data, position - length, position);
            }
        }
    }
}
