package dev.arclight.worker.guest;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The guest protocol's framing (docs/guest-protocol.md): a 4-byte big-endian length, then that
 * many bytes of UTF-8 JSON. Blocking reads and writes on a channel, and the same frames taken from
 * a buffer for non-blocking readers (the boot readiness watch): one framing, one limit.
 */
public final class AgentFrames {

    /** The agent refuses larger frames; so do we, rather than allocate what a broken peer claims. */
    public static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private AgentFrames() {}

    static void write(WritableByteChannel channel, byte[] json) throws IOException {
        var frame = encode(json);
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /** One frame, ready to write. */
    public static ByteBuffer encode(byte[] json) throws IOException {
        if (json.length > MAX_FRAME_BYTES) {
            throw new IOException("frame of " + json.length + " bytes exceeds " + MAX_FRAME_BYTES);
        }
        return ByteBuffer.allocate(4 + json.length)
                .putInt(json.length)
                .put(json)
                .flip();
    }

    /**
     * Takes the next whole frame's JSON from a buffer in read mode, or returns null (and leaves the
     * buffer as it was) when the frame is not complete yet.
     */
    public static byte[] take(ByteBuffer buffer) throws IOException {
        if (buffer.remaining() < 4) {
            return null;
        }
        int length = announced(buffer);
        if (buffer.remaining() < 4 + length) {
            return null;
        }
        buffer.position(buffer.position() + 4);
        var json = new byte[length];
        buffer.get(json);
        return json;
    }

    /** The length the next frame in the buffer announces, checked against the limit. */
    public static int announced(ByteBuffer buffer) throws IOException {
        int length = buffer.getInt(buffer.position());
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("peer announced a frame of " + length + " bytes");
        }
        return length;
    }

    /** The next frame's JSON bytes; {@link EOFException} when the peer hung up between frames. */
    static byte[] read(ReadableByteChannel channel) throws IOException {
        int length = announced(readFully(channel, ByteBuffer.allocate(4), true).flip());
        return readFully(channel, ByteBuffer.allocate(length), false).array();
    }

    private static ByteBuffer readFully(ReadableByteChannel channel, ByteBuffer buffer, boolean atFrameStart)
            throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw atFrameStart && buffer.position() == 0
                        ? new EOFException("agent channel closed")
                        : new IOException("agent channel closed in the middle of a frame");
            }
        }
        return buffer;
    }
}
